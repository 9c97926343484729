import type { Ticket } from '../domain/tickets/ticket';
import type { QueuePosition, QueueRange } from '../domain/tickets/ticket-queue';
import type { PendingEvent, TimelineEvent } from '../domain/tickets/timeline-event';

export interface StoredTicket {
  readonly ticket: Ticket;
  /** Opaque storage version; `update` succeeds only against the version it was read at. */
  readonly version: string;
  /** Where the ticket's queue index row stands; undefined for a ticket written before the index (see `index`). */
  readonly position?: QueuePosition;
}

export interface IdempotencyRecord {
  /** Hash of the request that first used the key. */
  readonly fingerprint: string;
  readonly ticketId: string;
  /** What the first request answered (the ticket as created or acted on); a repeat answers it again. */
  readonly body: unknown;
}

/** An Idempotency-Key recorded in the transaction of the change it names (`TicketStore.update`). */
export interface IdempotencyWrite {
  readonly key: string;
  readonly fingerprint: string;
  response(ticket: Ticket): unknown;
}

export interface CreateTicketCommand {
  readonly clientId: string;
  /** Builds the ticket once its number is allocated; may be called again if allocation is retried. */
  build(number: number): { ticket: Ticket; events: readonly PendingEvent[]; position: QueuePosition };
  /** Recorded in the same transaction, so a retried request never creates a second ticket. */
  readonly idempotency?: { readonly key: string; readonly fingerprint: string; response(ticket: Ticket): unknown };
  /**
   * Taken in the same transaction; the create fails with ClaimTakenError if another ticket holds it.
   * Transactions are sized for one such extra row: a create carries a claim or an idempotency key, not both.
   */
  readonly claim?: TicketClaim;
}

/**
 * A name at most one ticket holds at a time (an open alert's dedup key). `replaces` is the version of
 * a claim read earlier whose ticket is finished: the new ticket takes it over only if nobody else did.
 */
export interface TicketClaim {
  readonly key: string;
  readonly replaces?: string;
}

export interface ClaimRecord {
  readonly number: number;
  readonly version: string;
}

export class ClaimTakenError extends Error {
  constructor(readonly key: string) {
    super(`Claim ${key} is held by another ticket.`);
    this.name = 'ClaimTakenError';
  }
}

export type CreateTicketOutcome =
  | { readonly kind: 'created'; readonly stored: StoredTicket; readonly events: readonly TimelineEvent[] }
  | { readonly kind: 'replayed'; readonly record: IdempotencyRecord };

export class VersionConflictError extends Error {
  constructor(readonly ticketId: string) {
    super(`Ticket ${ticketId} was changed by someone else.`);
    this.name = 'VersionConflictError';
  }
}

/** One read of a client's queue index: the rows of `range` after `after`, in position order. */
export interface QueueQuery {
  readonly clientId: string;
  readonly range: QueueRange;
  /** Rows strictly after this position, or from it on when `inclusive`. */
  readonly after?: { readonly position: QueuePosition; readonly inclusive: boolean };
  readonly assignee?: string;
  readonly reporter?: string;
  readonly limit: number;
}

/** A queue index row: where a ticket stands, and what list filters look at. */
export interface QueueRow {
  readonly clientId: string;
  readonly position: QueuePosition;
  readonly number: number;
  readonly status: Ticket['status'];
  /** The ticket as committed with the row; absent on rows written without a copy (read the ticket then). */
  readonly ticket?: Ticket;
}

export interface TicketListQuery {
  readonly clientId?: string;
  readonly status?: Ticket['status'];
}

/**
 * Passed to `TicketStore.update` by a change that must agree with the bank as it was read (an
 * `on-account` approval): the update commits only if the bank is still at `version`.
 */
export interface HourBankGuard {
  readonly version: string | undefined;
}

export interface TicketStore {
  /** Allocates the next number (no gaps, no duplicates) and writes ticket, timeline and outbox together. */
  create(command: CreateTicketCommand): Promise<CreateTicketOutcome>;
  get(clientId: string, number: number): Promise<StoredTicket | undefined>;
  /**
   * Replaces the ticket if it is still at `version`, appending `events` to its timeline and outbox in
   * the same transaction. Throws VersionConflictError otherwise. With `guard`, it also commits only if
   * the client's hour bank is still at the version given (a decision taken on the balance read).
   */
  update(
    previous: StoredTicket,
    next: Ticket,
    events: readonly PendingEvent[],
    position: QueuePosition,
    guard?: HourBankGuard,
    /** Recorded in the same transaction; a key already recorded makes the update fail with VersionConflictError. */
    idempotency?: IdempotencyWrite,
  ): Promise<{ stored: StoredTicket; events: TimelineEvent[] }>;
  /** Every ticket, read in full (a client's whole history: for rare administrative checks, not for lists). */
  list(query: TicketListQuery): Promise<Ticket[]>;
  /**
   * The queue index: `update` and `create` keep one row per ticket at the position given, in the same
   * transaction as the ticket. `queue` reads up to `limit` rows of one client's range, in order.
   */
  queue(query: QueueQuery): Promise<QueueRow[]>;
  /** Whether every ticket of the client has its queue row (the one-off backfill ran). */
  queueIndexed(clientId: string): Promise<boolean>;
  /** Tickets without a queue row yet (written before the index): the backfill's work list. */
  unindexed(clientId: string): Promise<StoredTicket[]>;
  /** Writes the ticket's queue row with the ticket, under its version; VersionConflictError if it changed. */
  index(stored: StoredTicket, position: QueuePosition): Promise<StoredTicket>;
  markQueueIndexed(clientId: string): Promise<void>;
  timeline(clientId: string, number: number): Promise<TimelineEvent[]>;
  /** At most `limit` timeline events with a seq above `after`, in order: one range read. */
  timelinePage(
    clientId: string,
    number: number,
    page: { readonly after: number; readonly limit: number },
  ): Promise<TimelineEvent[]>;
  /** The record of an Idempotency-Key of the client's partition (a create's or an action's), if any. */
  readIdempotency(clientId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** The ticket holding a claim (see CreateTicketCommand.claim), if any. */
  readClaim(clientId: string, key: string): Promise<ClaimRecord | undefined>;
}
