import { slaMoments, type SlaMoment } from '../domain/sla/ticket-sla';
import type { Ticket } from '../domain/tickets/ticket';
import type { PendingEvent } from '../domain/tickets/timeline-event';
import type { ClientStore } from '../ports/client-store';
import { VersionConflictError, type TicketStore } from '../ports/ticket-store';
import type { TicketChangeListener } from './ticket-service';

/** What the SLA orchestration needs to know to decide how long to sleep. */
export interface SlaPlan {
  /** Some warning or breach is at or before `now` and not yet on the timeline. */
  readonly due: boolean;
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
 * The activities of the SLA orchestration. Both read the ticket as it is now, so a replayed or
 * retried activity, or a stale wake-up, can only lead to a re-plan, never to a second event.
 */
export class SlaKeeper {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    /** Told about recorded SLA events like any other change (the outbox relay publishes them at once). */
    private readonly listeners: readonly TicketChangeListener[] = [],
  ) {}

  async plan(ref: SlaTicketRef, now: string): Promise<SlaPlan> {
    const loaded = await this.#load(ref);
    if (!loaded) return { due: false, done: true };
    const pending = loaded.pending;
    const due = pending.some((m) => m.at <= now);
    const future = pending.filter((m) => m.at > now);
    const closed = loaded.ticket.status === 'closed';
    // A paused clock has no moments yet but may run again, so only a closed ticket or one whose
    // clocks have all stopped (or do not apply) is finished.
    const clocksStopped = !loaded.covered || (Boolean(loaded.ticket.clocks.assess.stoppedAt) && Boolean(loaded.ticket.clocks.resolve.stoppedAt) && loaded.ticket.status !== 'resolved');
    return {
      due,
      ...(future[0] ? { nextAt: future[0].at } : {}),
      done: !due && (closed || (clocksStopped && future.length === 0)),
    };
  }

  /** Appends every warning and breach due by `now` that is not on the timeline yet. */
  async record(ref: SlaTicketRef, now: string): Promise<number> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const stored = await this.tickets.get(ref.clientId, ref.number);
      const loaded = stored && (await this.#load(ref, stored.ticket));
      if (!stored || !loaded) return 0;
      const due = loaded.pending.filter((m) => m.at <= now);
      if (due.length === 0) return 0;
      const events: PendingEvent[] = due.map((m) => ({
        type: m.kind === 'breach' ? 'sla.breached' : 'sla.warning',
        at: m.at,
        actor: 'system',
        data: { clock: m.clock, ...(m.kind === 'warning' ? { fraction: m.fraction } : {}), dueAt: loaded.dueAt[m.clock] },
      }));
      const next: Ticket = { ...stored.ticket, slaRecorded: [...stored.ticket.slaRecorded, ...due.map(momentKey)] };
      try {
        const committed = await this.tickets.update(stored, next, events);
        for (const listener of this.listeners) await listener.ticketChanged(committed.stored.ticket, committed.events);
        return events.length;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new Error(`Could not record SLA events on ${ref.clientId}/${ref.number}: too much contention.`);
  }

  async #load(ref: SlaTicketRef, known?: Ticket) {
    const [client, ticket] = await Promise.all([
      this.clients.getClient(ref.clientId),
      known ? Promise.resolve(known) : this.tickets.get(ref.clientId, ref.number).then((s) => s?.ticket),
    ]);
    if (!client || !ticket) return undefined;
    const severity = client.agreement.severities.find((s) => s.id === ticket.severity);
    const moments = slaMoments({ agreement: client.agreement, timezone: client.timezone, severityId: ticket.severity, assess: ticket.clocks.assess, resolve: ticket.clocks.resolve });
    const pending = moments.filter((m) => !ticket.slaRecorded.includes(momentKey(m)));
    const dueAt = Object.fromEntries(moments.filter((m) => m.kind === 'breach').map((m) => [m.clock, m.at])) as Record<string, string>;
    return { ticket, pending, covered: severity?.covered === true, dueAt };
  }
}
