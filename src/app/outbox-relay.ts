import type { Ticket } from '../domain/tickets/ticket';
import type { TimelineEvent } from '../domain/tickets/timeline-event';
import type { EventPublisher } from '../ports/event-publisher';
import { hourBankOutboxNumber, type Outbox, type OutboxEntry } from '../ports/outbox';
import type { DeskEventListener, HourBankListener, TicketChangeListener } from '../ports/change-listeners';
import { deskPartition } from '../domain/events/cloud-event';
import { KeyedSerialQueue } from '../concurrency/keyed-serial-queue';
import { describeError } from '../domain/describe-error';

export interface SweepReport {
  readonly published: number;
  /** Tickets whose events could not be published this time; they stay in the outbox. */
  readonly failedTickets: number;
}

export interface RelayOptions {
  /**
   * Publish a ticket's events after the change has returned rather than before: the request answers
   * after its one transaction, and the publish is best effort (the outbox row is the durable copy and the
   * `outbox-sweep` timer publishes whatever is left). Hosts wait for `idle()` before stopping.
   *
   * Tickets changed while a publish is under way wait for the next one, which takes them all: under a
   * burst, one publish carries many tickets' events (a group commit for the topic).
   */
  readonly inBackground?: boolean;
  /**
   * Waits until background work may run; a host whose requests share the processor with it (the local
   * host) lets requests go first. `forced` means requests are still waiting and the wait ran out, so the
   * relay takes only a small share (`ticketsPerForcedPublish`) and asks again.
   */
  readonly backgroundTurn?: () => Promise<{ readonly forced: boolean }>;
}

/** Tickets one background publish takes; about what fits one queue message per subscription locally. */
const ticketsPerPublish = 128;
const ticketsPerForcedPublish = 16;

/** After this many tickets in a row fail, the topic is down: the rest wait for the next sweep. */
const maxConsecutiveFailures = 3;

/**
 * Moves events from the outbox to the topic: right after each committed change (as a ticket listener)
 * and from the `outbox-sweep` timer for whatever that left behind (the topic was down, the process died).
 *
 * A ticket's pending entries are published together and in timeline order, and deleted only once the
 * topic has taken all of them: an event is never dropped, and at worst published again, which the
 * topic's duplicate detection and every consumer absorb (the id is the same). Within this process one
 * ticket is relayed by one caller at a time, so the listener and the sweep do not interleave a ticket.
 */
export class OutboxRelay implements TicketChangeListener, HourBankListener, DeskEventListener {
  readonly #perTicket = new KeyedSerialQueue();
  /** Relays under way, so a host can wait for them (before stopping, before moving a virtual clock). */
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Changed tickets waiting for the background publisher, by `clientId|number`. */
  readonly #waiting = new Map<string, TicketRef>();
  #publishing = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly publisher: EventPublisher,
    private readonly log: (line: string) => void = (line) => console.warn(line),
    private readonly options: RelayOptions = {},
  ) {}

  /**
   * Never fails the change that was just committed: what cannot be published now, the sweep publishes.
   * With `inBackground`, the change does not wait for the publish either (it is tracked: `idle()`).
   */
  async ticketChanged(ticket: Ticket, _events: readonly TimelineEvent[]): Promise<void> {
    if (this.options.inBackground) {
      this.#waiting.set(`${ticket.clientId}|${ticket.number}`, {
        clientId: ticket.clientId,
        ticketNumber: ticket.number,
      });
      this.#publishInBackground();
      return;
    }
    try {
      await this.relayTicket(ticket.clientId, ticket.number);
    } catch (error) {
      this.log(`outbox: events of ${ticket.id} stay in the outbox for the sweep: ${describeError(error)}`);
    }
  }

  /** The client's hour-bank events ("ticket 0" of its outbox), likewise never failing the booking. */
  async hourBankChanged(clientId: string): Promise<void> {
    try {
      await this.relayTicket(clientId, hourBankOutboxNumber);
    } catch (error) {
      this.log(`outbox: hour-bank events of ${clientId} stay in the outbox for the sweep: ${describeError(error)}`);
    }
  }

  /** The desk's own events (quarantined mail: `~desk`, "ticket 0"), likewise never failing the intake. */
  async deskChanged(): Promise<void> {
    try {
      await this.relayTicket(deskPartition, 0);
    } catch (error) {
      this.log(`outbox: the desk's events stay in the outbox for the sweep: ${describeError(error)}`);
    }
  }

  /** Publishes one ticket's pending events; how many there were. */
  relayTicket(clientId: string, ticketNumber: number): Promise<number> {
    return this.#track(this.#relayTogether([{ clientId, ticketNumber }]));
  }

  /** One background publisher at a time, taking whatever tickets have changed meanwhile. */
  #publishInBackground(): void {
    if (this.#publishing) return;
    this.#publishing = true;
    const run = async () => {
      while (this.#waiting.size > 0) {
        const turn = (await this.options.backgroundTurn?.()) ?? { forced: false };
        const refs = [...this.#waiting.values()].slice(0, turn.forced ? ticketsPerForcedPublish : ticketsPerPublish);
        for (const ref of refs) this.#waiting.delete(`${ref.clientId}|${ref.ticketNumber}`);
        await this.#relayTogether(refs).catch((error: unknown) =>
          this.log(
            `outbox: events of ${refs.length} ticket(s) stay in the outbox for the sweep: ${describeError(error)}`,
          ),
        );
      }
    };
    void this.#track(
      run().finally(() => {
        this.#publishing = false;
        // A ticket that changed between the loop's last look and here would otherwise wait for the next change.
        if (this.#waiting.size > 0) this.#publishInBackground();
      }),
    );
  }

  /**
   * Publishes the pending events of these tickets in one publish, then removes them. Each ticket is held
   * (its serial queue) for the whole of it, so the sweep and the listener never interleave a ticket.
   */
  async #relayTogether(refs: readonly TicketRef[]): Promise<number> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held = refs.map(
      ({ clientId, ticketNumber }) =>
        new Promise<void>((entered) => {
          void this.#perTicket.run(`${clientId}|${ticketNumber}`, () => {
            entered();
            return released;
          });
        }),
    );
    try {
      await Promise.all(held);
      const byClient = new Map<string, number[]>();
      for (const { clientId, ticketNumber } of refs) {
        const numbers = byClient.get(clientId) ?? [];
        numbers.push(ticketNumber);
        byClient.set(clientId, numbers);
      }
      const entries = (
        await Promise.all([...byClient].map(([clientId, numbers]) => this.outbox.pendingForTickets(clientId, numbers)))
      ).flat();
      if (entries.length === 0) return 0;
      await this.publisher.publish(entries.map((e) => e.event));
      await this.outbox.remove(entries);
      return entries.length;
    } finally {
      release();
    }
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight.add(work);
    const done = () => this.#inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  /** Whether a relay is under way. */
  busy(): boolean {
    return this.#inFlight.size > 0 || this.#waiting.size > 0;
  }

  /** Resolves once no relay is under way (including relays started while waiting); never rejects. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async sweep(limit = 1000): Promise<SweepReport> {
    const tickets = groupByTicket(await this.outbox.pending(limit));
    let published = 0;
    let failedTickets = 0;
    let consecutive = 0;
    for (const { clientId, ticketNumber } of tickets) {
      if (consecutive >= maxConsecutiveFailures) {
        failedTickets += 1;
        continue;
      }
      try {
        published += await this.relayTicket(clientId, ticketNumber);
        consecutive = 0;
      } catch (error) {
        failedTickets += 1;
        consecutive += 1;
        this.log(`outbox: sweep could not publish ticket ${clientId}/${ticketNumber}: ${describeError(error)}`);
      }
    }
    return { published, failedTickets };
  }
}

interface TicketRef {
  readonly clientId: string;
  readonly ticketNumber: number;
}

function groupByTicket(entries: readonly OutboxEntry[]): TicketRef[] {
  const seen = new Map<string, TicketRef>();
  for (const entry of entries)
    seen.set(`${entry.clientId}|${entry.ticketNumber}`, { clientId: entry.clientId, ticketNumber: entry.ticketNumber });
  return [...seen.values()];
}
