import type { Client } from '../domain/clients/client';
import { slaMoments, type SlaMoment } from '../domain/sla/ticket-sla';
import type { Ticket } from '../domain/tickets/ticket';
import { domainEvent } from '../domain/events/event-catalogue';
import type { PendingEvent } from '../domain/tickets/timeline-event';
import type { ClientStore } from '../ports/client-store';
import { VersionConflictError, type TicketStore } from '../ports/ticket-store';
import type { TicketChangeListener } from './ticket-service';

/** What the SLA orchestration needs to know to decide how long to sleep. */
export interface SlaPlan {
  /** How many warnings and breaches this call recorded. */
  readonly recorded: number;
  /** The earliest warning or breach still to come, if any. */
  readonly nextAt?: string;
  /** No clock of this ticket can fire any more, whatever happens to it: the orchestration may end. */
  readonly done: boolean;
}

export interface SlaTicketRef {
  readonly clientId: string;
  readonly number: number;
}

/** The key under which a moment is recorded on the ticket, so it is recorded once whatever retries happen. */
export const momentKey = (moment: SlaMoment): string =>
  moment.kind === 'breach' ? `${moment.clock}:breached` : `${moment.clock}:warning:${moment.fraction}`;

/**
 * The SLA orchestration's one activity: record every warning and breach due by `now` that is not on
 * the timeline yet, then say when the next one falls. It reads the ticket as stored, so a replayed or
 * retried call, or a stale wake-up, can only lead to a re-plan, never to a second event.
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
    for (let attempt = 0; attempt < 20; attempt++) {
      const stored = await this.tickets.get(ref.clientId, ref.number);
      if (!client || !stored) return { recorded: 0, done: true };
      const due = pendingMoments(client, stored.ticket).filter((m) => m.at <= now);
      if (due.length === 0) return planFor(client, stored.ticket, 0);
      const dueAt = breachInstants(client, stored.ticket);
      const events: PendingEvent[] = due.map((m) => ({
        ...(m.kind === 'breach'
          ? domainEvent('sla.breached', { clock: m.clock, dueAt: dueAt[m.clock] })
          : domainEvent('sla.warning', { clock: m.clock, fraction: m.fraction, dueAt: dueAt[m.clock] })),
        at: m.at,
        actor: 'system',
      }));
      const next: Ticket = { ...stored.ticket, slaRecorded: [...stored.ticket.slaRecorded, ...due.map(momentKey)] };
      try {
        const committed = await this.tickets.update(stored, next, events);
        for (const listener of this.listeners) await listener.ticketChanged(committed.stored.ticket, committed.events);
        return planFor(client, committed.stored.ticket, events.length);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new Error(`Could not record SLA events on ${ref.clientId}/${ref.number}: too much contention.`);
  }
}

function momentsOf(client: Client, ticket: Ticket): SlaMoment[] {
  return slaMoments({ agreement: client.agreement, timezone: client.timezone, severityId: ticket.severity, assess: ticket.clocks.assess, resolve: ticket.clocks.resolve });
}

function pendingMoments(client: Client, ticket: Ticket): SlaMoment[] {
  return momentsOf(client, ticket).filter((m) => !ticket.slaRecorded.includes(momentKey(m)));
}

function breachInstants(client: Client, ticket: Ticket): Record<string, string> {
  return Object.fromEntries(momentsOf(client, ticket).filter((m) => m.kind === 'breach').map((m) => [m.clock, m.at]));
}

/** After recording, every pending moment lies in the future. */
function planFor(client: Client, ticket: Ticket, recorded: number): SlaPlan {
  const pending = pendingMoments(client, ticket);
  const covered = client.agreement.severities.find((s) => s.id === ticket.severity)?.covered === true;
  // A paused clock has no moments yet but may run again, and a resolved ticket may be reopened; only a
  // closed ticket, or one whose clocks cannot run any more, is finished.
  const stopped = !covered || (Boolean(ticket.clocks.assess.stoppedAt) && Boolean(ticket.clocks.resolve.stoppedAt) && ticket.status !== 'resolved');
  return {
    recorded,
    ...(pending[0] ? { nextAt: pending[0].at } : {}),
    done: ticket.status === 'closed' || (stopped && pending.length === 0),
  };
}
