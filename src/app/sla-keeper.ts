import {
  breachInstants,
  momentKey,
  pendingSlaMoments,
  slaWakePlan,
  slaWorkDone,
  type SlaTerms,
  type SlaWakePlan,
} from '../domain/sla/sla-schedule';
import type { Ticket } from '../domain/tickets/ticket';
import { domainEvent } from '../domain/events/event-catalogue';
import type { PendingEvent } from '../domain/tickets/timeline-event';
import type { ClientStore } from '../ports/client-store';
import type { TicketStore } from '../ports/ticket-store';
import { ticketTerms } from './agreement-terms';
import { hotRowBackoff, retryOnConflict } from './retry-on-conflict';
import type { QueueEntry } from '../domain/tickets/ticket-queue';
import { TicketQueueReader } from './ticket-queue-reader';
import { queuePositionOf } from './ticket-view';
import type { TicketChangeListener } from '../ports/change-listeners';

/** What the SLA orchestration needs to know to decide how long to sleep (`nextAt`, `done`: see SlaWakePlan). */
export interface SlaPlan extends SlaWakePlan {
  /** How many warnings and breaches this call recorded. */
  readonly recorded: number;
}

export interface SlaTicketRef {
  readonly clientId: string;
  readonly number: number;
}

/**
 * The SLA orchestration's one activity: record every warning and breach due by `now` that is not on
 * the timeline yet, then say when the next one falls. It reads the ticket as stored, so a replayed or
 * retried call, or a stale wake-up, can only lead to a re-plan, never to a second event. Its clocks
 * are those of the agreement version the ticket was received under, whatever the client has now.
 */
export class SlaKeeper {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    /** Told about recorded SLA events like any other change (the outbox relay publishes them at once). */
    private readonly listeners: readonly TicketChangeListener[] = [],
  ) {}

  async keep(ref: SlaTicketRef, now: string): Promise<SlaPlan> {
    const client = await this.clients.getClient(ref.clientId);
    if (!client) return { recorded: 0, done: true, final: true };
    return retryOnConflict(
      async () => {
        const stored = await this.tickets.get(ref.clientId, ref.number);
        if (!stored) return { recorded: 0, done: true, final: true };
        const terms = await ticketTerms(this.clients, client, stored.ticket);
        const due = pendingSlaMoments(terms, stored.ticket).filter((m) => m.at <= now);
        if (due.length === 0) return planFor(terms, stored.ticket, 0);
        const dueAt = breachInstants(terms, stored.ticket);
        const events: PendingEvent[] = due.map((m) => ({
          ...(m.kind === 'breach'
            ? domainEvent('sla.breached', { clock: m.clock, dueAt: dueAt[m.clock] })
            : domainEvent('sla.warning', { clock: m.clock, fraction: m.fraction, dueAt: dueAt[m.clock] })),
          at: m.at,
          actor: 'system',
        }));
        const next: Ticket = { ...stored.ticket, slaRecorded: [...stored.ticket.slaRecorded, ...due.map(momentKey)] };
        const committed = await this.tickets.update(stored, next, events, queuePositionOf(next, terms));
        for (const listener of this.listeners) await listener.ticketChanged(committed.stored.ticket, committed.events);
        return planFor(terms, committed.stored.ticket, events.length);
      },
      {
        attempts: 'while-contended',
        backoff: hotRowBackoff,
        exhausted: () =>
          new Error(`Could not record SLA events on ${ref.clientId}/${ref.number}: too much contention.`),
      },
    );
  }

  /**
   * Every open ticket, of every client, with a clock that can still fire: the tickets that must have a
   * running SLA orchestration. Read from the queue index a page at a time, so closed history costs nothing.
   */
  async *ticketsWithLiveClocks(pageSize = 200): AsyncGenerator<SlaTicketRef> {
    const reader = new TicketQueueReader(this.clients, this.tickets);
    for (const clientId of await this.clients.listClientIds()) {
      const client = await this.clients.getClient(clientId);
      if (!client) continue;
      let after: QueueEntry | undefined;
      do {
        const page = await reader.page(
          { scopes: [{ clientId }], limit: pageSize, ...(after ? { after } : {}) },
          () => true,
        );
        for (const ticket of page.tickets) {
          const terms = await ticketTerms(this.clients, client, ticket);
          if (!slaWorkDone(terms, ticket)) yield { clientId, number: ticket.number };
        }
        after = page.next;
      } while (after);
    }
  }
}

/** After recording, every pending moment lies in the future. */
function planFor(terms: SlaTerms, ticket: Ticket, recorded: number): SlaPlan {
  return { recorded, ...slaWakePlan(terms, ticket) };
}
