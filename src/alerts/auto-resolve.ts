import type { Agreement } from '../domain/agreement/agreement';
import { evaluateTicketSla, type ClockName, type ClockRecord } from '../domain/sla/ticket-sla';
import type { Ticket } from '../domain/tickets/ticket';
import { domainEvent } from '../domain/events/event-catalogue';
import type { PendingEvent } from '../domain/tickets/timeline-event';

export interface AutoResolveInput {
  readonly ticket: Ticket;
  readonly agreement: Agreement;
  readonly timezone: string;
  readonly now: string;
  /** The integration (key name) whose alert cleared. */
  readonly actor: string;
  readonly source: string;
}

/**
 * `new` → `resolved` when the alert that raised a ticket clears before anyone acted on it (agreement
 * `autoResolveAlerts`). The lifecycle's own `resolve` is staff-only and leaves from working states, so
 * this is its own transition; it stops the clocks as `resolve` would (the assess clock too, as any
 * move out of `new` does) and records `sla.met` for a clock stopped in time. The ticket then waits for
 * the client's `confirm` like any resolved ticket.
 */
export function autoResolve({ ticket, agreement, timezone, now, actor, source }: AutoResolveInput): {
  ticket: Ticket;
  events: PendingEvent[];
} {
  const cause = `The ${source} alert cleared before anyone acted on this ticket; resolved automatically as the agreement allows.`;
  const stop = (clock: ClockRecord): ClockRecord =>
    clock.stoppedAt
      ? clock
      : {
          ...clock,
          pauses: clock.pauses.map((p) => (p.to === undefined ? { from: p.from, to: now } : p)),
          stoppedAt: now,
        };
  let next: Ticket = {
    ...ticket,
    status: 'resolved',
    resolution: { cause, by: actor, at: now },
    clocks: { assess: stop(ticket.clocks.assess), resolve: stop(ticket.clocks.resolve) },
    updatedAt: now,
  };
  const events: PendingEvent[] = [{ ...domainEvent('ticket.resolved', { cause, automatic: true }), at: now, actor }];
  const met = metClocks(ticket, next, agreement, timezone, now);
  events.push(...met.map((clock) => ({ ...domainEvent('sla.met', { clock }), at: now, actor: 'system' })));
  if (met.length > 0) next = { ...next, slaRecorded: [...next.slaRecorded, ...met.map((clock) => `${clock}:met`)] };
  return { ticket: next, events };
}

function metClocks(before: Ticket, after: Ticket, agreement: Agreement, timezone: string, now: string): ClockName[] {
  const stopped = (['assess', 'resolve'] as const).filter(
    (c) => !before.clocks[c].stoppedAt && !after.slaRecorded.includes(`${c}:met`),
  );
  if (stopped.length === 0) return [];
  const sla = evaluateTicketSla({
    agreement,
    timezone,
    severityId: after.severity,
    assess: after.clocks.assess,
    resolve: after.clocks.resolve,
    now,
  });
  return stopped.filter((c) => sla[c].status === 'met');
}
