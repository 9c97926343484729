import type { Client } from '../domain/clients/client';
import { evaluateTicketSla, type SlaClockView } from '../domain/sla/ticket-sla';
import type { Ticket } from '../domain/tickets/ticket';
import { queuePosition, type QueuePosition } from '../domain/tickets/ticket-queue';

export interface TicketView extends Omit<Ticket, 'clocks' | 'slaRecorded' | 'eventCount' | 'hoursBooked' | 'timeEntryCount'> {
  /** Hours booked on the ticket by time entries. */
  readonly hoursBooked: number;
  readonly sla: { readonly assess: SlaClockView; readonly resolve: SlaClockView };
}

/** The ticket as the API shows it, with both clocks evaluated at `now`. */
export function presentTicket(ticket: Ticket, client: Client, now: Date): TicketView {
  const { clocks, slaRecorded: _recorded, eventCount: _count, hoursBooked = 0, timeEntryCount: _entries, ...rest } = ticket;
  const sla = evaluateTicketSla({
    agreement: client.agreement,
    timezone: client.timezone,
    severityId: ticket.severity,
    assess: clocks.assess,
    resolve: clocks.resolve,
    now: now.toISOString(),
  });
  return { ...rest, hoursBooked, sla };
}

/** The instant that orders a ticket in "soonest due first": its earliest clock still able to breach. */
export function nextDue(view: TicketView): string | undefined {
  const due = [view.sla.assess, view.sla.resolve]
    .filter((c) => (c.status === 'running' || c.status === 'paused') && c.dueAt)
    .map((c) => c.dueAt as string)
    .sort();
  return due[0];
}

/**
 * Where the ticket stands in its client's queue, on the same terms `presentTicket` judges its clocks by;
 * every ticket write passes it to the store, which moves the queue row in the same transaction.
 */
export function queuePositionOf(ticket: Ticket, client: Client): QueuePosition {
  return queuePosition(ticket, { agreement: client.agreement, timezone: client.timezone });
}
