import type { CloudEvent } from '../domain/events/cloud-event';
import type { TimelineEvent } from '../domain/tickets/timeline-event';

/** An event written with the change that caused it and not yet published. */
export interface OutboxEntry {
  readonly clientId: string;
  /** The ticket whose events these are; `hourBankOutboxNumber` for the client's hour-bank events. */
  readonly ticketNumber: number;
  readonly seq: number;
  readonly event: CloudEvent;
  /**
   * The ticket's timeline event itself, when the store keeps it in the outbox until it is published
   * (the Table store does): removing the entry moves it to the ticket's timeline.
   */
  readonly timelineEvent?: TimelineEvent;
}

/** The transactional outbox the ticket store writes; the relay reads and empties it. */
export interface Outbox {
  /**
   * The pending entries of several tickets of one client, ordered by ticket and timeline position: what
   * a relay publishing many tickets at once reads, in one query rather than one per ticket.
   */
  pendingForTickets(clientId: string, ticketNumbers: readonly number[]): Promise<OutboxEntry[]>;
  /** Pending entries of every client, ordered by client, ticket and timeline position; at most `limit`. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Removes published entries (a timeline event moves to its ticket's timeline); one that is already gone is fine. */
  remove(entries: readonly OutboxEntry[]): Promise<void>;
}

/** Tickets count from 1, so "ticket 0" of a client carries its hour-bank events through the same outbox and relay. */
export const hourBankOutboxNumber = 0;

/**
 * A client's maintenance-release events ride the same outbox and relay as "ticket 9999999999", the
 * highest number a row key holds: tickets count up from 1 and never reach it.
 */
export const maintenanceOutboxNumber = 9_999_999_999;
