import { ticketAgreementVersion } from '../domain/agreement/agreement-version';
import type { SlaTerms } from '../domain/sla/sla-schedule';
import { evaluateTicketSla, type SlaClockView } from '../domain/sla/ticket-sla';
import type { Ticket } from '../domain/tickets/ticket';
import { queuePosition, type QueuePosition } from '../domain/tickets/ticket-queue';

export interface TicketView extends Omit<
  Ticket,
  'clocks' | 'slaRecorded' | 'eventCount' | 'hoursBooked' | 'timeEntryCount' | 'agreementVersion'
> {
  /** Hours booked on the ticket by time entries. */
  readonly hoursBooked: number;
  /** The client's agreement version the ticket was received under and is judged by. */
  readonly agreementVersion: number;
  readonly sla: { readonly assess: SlaClockView; readonly resolve: SlaClockView };
}

/**
 * The ticket as the API shows it, with both clocks evaluated at `now` under `terms`: the agreement
 * version the ticket was received under (`ticketTerms`), not necessarily the client's current one.
 */
export function presentTicket(ticket: Ticket, terms: SlaTerms, now: Date): TicketView {
  const {
    clocks,
    slaRecorded: _recorded,
    eventCount: _count,
    hoursBooked = 0,
    timeEntryCount: _entries,
    agreementVersion: _version,
    ...rest
  } = ticket;
  const sla = evaluateTicketSla({
    agreement: terms.agreement,
    timezone: terms.timezone,
    severityId: ticket.severity,
    ticketType: ticket.type,
    assess: clocks.assess,
    resolve: clocks.resolve,
    now: now.toISOString(),
  });
  return { ...rest, hoursBooked, agreementVersion: ticketAgreementVersion(ticket), sla };
}

/**
 * Where the ticket stands in its client's queue, on the same terms `presentTicket` judges its clocks by
 * (the ticket's own agreement version: `ticketTerms`); every ticket write passes it to the store, which
 * moves the queue row in the same transaction.
 */
export function queuePositionOf(ticket: Ticket, terms: SlaTerms): QueuePosition {
  return queuePosition(ticket, { agreement: terms.agreement, timezone: terms.timezone });
}
