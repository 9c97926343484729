import type { Agreement } from '../agreement/agreement';
import type { Ticket } from '../tickets/ticket';
import { slaMoments, type ClockName, type SlaMoment } from './ticket-sla';

/** Where a ticket's SLA clocks run: its client's agreement and timezone. */
export interface SlaTerms {
  readonly agreement: Agreement;
  readonly timezone: string;
}

/** The key under which a moment is recorded on the ticket (`slaRecorded`), so it is recorded once whatever retries happen. */
export const momentKey = (moment: SlaMoment): string =>
  moment.kind === 'breach' ? `${moment.clock}:breached` : `${moment.clock}:warning:${moment.fraction}`;

function momentsOf(terms: SlaTerms, ticket: Ticket): SlaMoment[] {
  return slaMoments({
    agreement: terms.agreement,
    timezone: terms.timezone,
    severityId: ticket.severity,
    ticketType: ticket.type,
    assess: ticket.clocks.assess,
    resolve: ticket.clocks.resolve,
  });
}

/** Warnings and breaches of the ticket not recorded yet, soonest first. */
export function pendingSlaMoments(terms: SlaTerms, ticket: Ticket): SlaMoment[] {
  return momentsOf(terms, ticket).filter((m) => !ticket.slaRecorded.includes(momentKey(m)));
}

/** When each clock breaches (or breached), as its warnings and breach report it. */
export function breachInstants(terms: SlaTerms, ticket: Ticket): Partial<Record<ClockName, string>> {
  return Object.fromEntries(
    momentsOf(terms, ticket)
      .filter((m) => m.kind === 'breach')
      .map((m) => [m.clock, m.at]),
  );
}

/**
 * Whether the ticket's SLA work is done: no clock of it can fire any more unless it changes (its
 * severity, its status). A closed ticket is done for good. A paused clock has no moments yet but may run again, and a resolved ticket
 * may be reopened, so otherwise it is done only when its severity runs no clocks, or both clocks have
 * stopped outside `resolved`, and nothing is left to record.
 */
export function slaWorkDone(
  terms: SlaTerms,
  ticket: Ticket,
  pending: readonly SlaMoment[] = pendingSlaMoments(terms, ticket),
): boolean {
  if (ticket.status === 'closed') return true;
  const covered = terms.agreement.severities.find((s) => s.id === ticket.severity)?.covered === true;
  const stopped =
    !covered ||
    (Boolean(ticket.clocks.assess.stoppedAt) &&
      Boolean(ticket.clocks.resolve.stoppedAt) &&
      ticket.status !== 'resolved');
  return stopped && pending.length === 0;
}

/** When a ticket's SLA orchestration must next wake, as far as the ticket as given can tell. */
export interface SlaWakePlan {
  /** The earliest warning or breach not recorded yet, if any. */
  readonly nextAt?: string;
  /** No clock of this ticket can fire any more unless it changes (`slaWorkDone`). */
  readonly done: boolean;
  /**
   * No change can ever move its clocks again: the ticket is closed (or no longer exists). Only then may
   * its SLA orchestration end. A ticket that is `done` but not `final` (open, of a severity that runs no
   * clocks) can still be assessed into one that does; an orchestration that ended there would drop the
   * signal of a change made while it ended.
   */
  readonly final: boolean;
}

/**
 * The next wake-up of the ticket's SLA orchestration: its earliest unrecorded warning or breach, and
 * whether its SLA work is done. The SLA keeper plans with it after recording what was due; ticket
 * creation plans a new ticket's first sleep with it (`slaNextAt` of `ticket.created`).
 */
export function slaWakePlan(terms: SlaTerms, ticket: Ticket): SlaWakePlan {
  const pending = pendingSlaMoments(terms, ticket);
  return {
    ...(pending[0] ? { nextAt: pending[0].at } : {}),
    done: slaWorkDone(terms, ticket, pending),
    final: ticket.status === 'closed',
  };
}
