import type { Ticket } from '../domain/tickets/ticket';
import type { TimelineEvent } from '../domain/tickets/timeline-event';
import type { EventPublisher } from '../ports/event-publisher';
import { hourBankOutboxNumber, type Outbox, type OutboxEntry } from '../ports/outbox';
import type { HourBankListener } from './hour-bank-service';
import type { TicketChangeListener } from './ticket-service';
import { KeyedSerialQueue } from '../concurrency/keyed-serial-queue';

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
   */
  readonly inBackground?: boolean;
}

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
export class OutboxRelay implements TicketChangeListener, HourBankListener {
  readonly #perTicket = new KeyedSerialQueue();
  /** Relays under way, so a host can wait for them (before stopping, before moving a virtual clock). */
  readonly #inFlight = new Set<Promise<unknown>>();

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
    const relay = this.relayTicket(ticket.clientId, ticket.number).then(
      () => undefined,
      (error: unknown) => this.log(`outbox: events of ${ticket.id} stay in the outbox for the sweep: ${describe(error)}`),
    );
    if (!this.options.inBackground) await relay;
  }

  /** The client's hour-bank events ("ticket 0" of its outbox), likewise never failing the booking. */
  async hourBankChanged(clientId: string): Promise<void> {
    try {
      await this.relayTicket(clientId, hourBankOutboxNumber);
    } catch (error) {
      this.log(`outbox: hour-bank events of ${clientId} stay in the outbox for the sweep: ${describe(error)}`);
    }
  }

  /** Publishes one ticket's pending events; how many there were. */
  relayTicket(clientId: string, ticketNumber: number): Promise<number> {
    const relay = this.#perTicket.run(`${clientId}|${ticketNumber}`, async () => {
      const entries = await this.outbox.pendingForTicket(clientId, ticketNumber);
      if (entries.length === 0) return 0;
      await this.publisher.publish(entries.map((e) => e.event));
      await this.outbox.remove(entries);
      return entries.length;
    });
    this.#inFlight.add(relay);
    const done = () => this.#inFlight.delete(relay);
    relay.then(done, done);
    return relay;
  }

  /** Whether a relay is under way. */
  busy(): boolean {
    return this.#inFlight.size > 0;
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
        this.log(`outbox: sweep could not publish ticket ${clientId}/${ticketNumber}: ${describe(error)}`);
      }
    }
    return { published, failedTickets };
  }
}

function groupByTicket(entries: readonly OutboxEntry[]): { clientId: string; ticketNumber: number }[] {
  const seen = new Map<string, { clientId: string; ticketNumber: number }>();
  for (const entry of entries) seen.set(`${entry.clientId}|${entry.ticketNumber}`, { clientId: entry.clientId, ticketNumber: entry.ticketNumber });
  return [...seen.values()];
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
