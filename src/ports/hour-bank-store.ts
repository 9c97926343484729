import type { HourBankState, LedgerEntry, NumberedHourBankEvent } from '../domain/hour-bank/hour-bank-ledger';
import type { TimeEntry } from '../domain/hour-bank/time-entry';
import type { Ticket } from '../domain/tickets/ticket';
import type { PendingEvent, TimelineEvent } from '../domain/tickets/timeline-event';
import type { StoredTicket } from './ticket-store';

/** A client's bank as read, with the storage version a change must still find to commit. */
export interface HourBankSnapshot {
  readonly state: HourBankState;
  /** `undefined` while the client has no bank yet (nothing ever posted). */
  readonly version: string | undefined;
}

/** The first response to a request with an Idempotency-Key, replayed to its retries. */
export interface StoredResponse {
  /** Hash of the request that first used the key. */
  readonly fingerprint: string;
  /** What the first request created. */
  readonly body: unknown;
}

/** Instants (ISO-8601) bounding ledger entries by `at`: `from` inclusive, `to` exclusive. */
export interface LedgerRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * One change of a client's hour bank and/or a ticket's time, committed all together or not at all:
 * ledger entry, balance, the bank's events, the time entry, the ticket (with `hoursBooked`), its
 * timeline events and the Idempotency-Key's response.
 */
export interface HourBankChange {
  readonly clientId: string;
  readonly bank?: {
    readonly previous: HourBankSnapshot;
    readonly next: HourBankState;
    readonly entry: LedgerEntry;
    readonly events: readonly NumberedHourBankEvent[];
  };
  readonly ticket?: {
    readonly previous: StoredTicket;
    readonly next: Ticket;
    readonly events: readonly PendingEvent[];
    readonly timeEntry: TimeEntry;
  };
  readonly idempotency?: { readonly key: string; readonly response: StoredResponse };
}

export interface HourBankCommitted {
  /** The bank's version after the commit, when the change posted to it. */
  readonly bankVersion?: string;
  readonly ticket?: { readonly stored: StoredTicket; readonly events: readonly TimelineEvent[] };
}

export interface HourBankStore {
  read(clientId: string): Promise<HourBankSnapshot>;
  /**
   * Commits `change` if the bank and the ticket are still at the versions read; throws
   * VersionConflictError (from `ticket-store`) otherwise, having written nothing.
   */
  commit(change: HourBankChange): Promise<HourBankCommitted>;
  /** Ledger entries, oldest first; the port reports use for hours called off and purchased. */
  entries(clientId: string, range?: LedgerRange): Promise<LedgerEntry[]>;
  /** A ticket's time entries, oldest first. */
  timeEntries(clientId: string, ticketNumber: number): Promise<TimeEntry[]>;
  readResponse(clientId: string, idempotencyKey: string): Promise<StoredResponse | undefined>;
}
