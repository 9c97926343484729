import type { Ticket } from '../domain/tickets/ticket';
import type { TimelineEvent } from '../domain/tickets/timeline-event';

/**
 * Told after a ticket change commits, with the events it wrote (the outbox relay publishes them right
 * away; what it cannot publish now, the outbox sweep does).
 */
export interface TicketChangeListener {
  ticketChanged(ticket: Ticket, events: readonly TimelineEvent[]): Promise<void>;
}

/** Told after an hour-bank write commits: its ticket's events, and that the client's bank changed. */
export interface HourBankListener extends TicketChangeListener {
  hourBankChanged(clientId: string): Promise<void>;
}

/** Told after an event of the desk's own (no client: `mail.quarantined`) commits to the desk's outbox. */
export interface DeskEventListener {
  deskChanged(): Promise<void>;
}
