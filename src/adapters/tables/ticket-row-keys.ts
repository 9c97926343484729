/**
 * Row keys of the `tickets` table; the partition is the client id, so a ticket, its timeline, its
 * outbox entries, the client's number counter and idempotency records can share one transaction.
 * Numbers are zero-padded so that row-key order is numeric order.
 */
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const ticketRowKeys = {
  counter: 'counter',
  ticket: (number: number) => `t|${pad(number, 10)}`,
  ticketRange: { from: 't|', to: 't}' },
  event: (number: number, seq: number) => `t|${pad(number, 10)}|e|${pad(seq, 6)}`,
  eventRange: (number: number) => ({ from: `t|${pad(number, 10)}|e|`, to: `t|${pad(number, 10)}|e}` }),
  outbox: (number: number, seq: number) => `o|${pad(number, 10)}|${pad(seq, 6)}`,
  outboxRange: { from: 'o|', to: 'o}' },
  /** One ticket's outbox entries. */
  ticketOutboxRange: (number: number) => ({ from: `o|${pad(number, 10)}|`, to: `o|${pad(number, 10)}}` }),
  idempotency: (keyHash: string) => `idem|${keyHash}`,
  /** Which ticket holds a claim (e.g. an open alert's dedup key); overwritten when a later ticket takes it over. */
  claim: (keyHash: string) => `claim|${keyHash}`,
  /**
   * A maintenance occurrence's claim (`occ|{scheduleId}|{date}`, see `occurrenceClaimKey`) is its own row
   * key, unhashed: the occurrence is readable in the row that makes its ticket unique.
   */
  claimRow: (key: string, hash: (key: string) => string) => (key.startsWith('occ|') ? key : `claim|${hash(key)}`),
  /** A ticket's time entries, in order. */
  timeEntry: (number: number, seq: number) => `t|${pad(number, 10)}|h|${pad(seq, 6)}`,
  timeEntryRange: (number: number) => ({ from: `t|${pad(number, 10)}|h|`, to: `t|${pad(number, 10)}|h}` }),
  /** The client's hour bank: totals, counters and alert state, updated under its ETag with every entry. */
  hourBank: 'hb|balance',
  /** The hour-bank ledger, oldest first. */
  ledgerEntry: (seq: number) => `hb|e|${pad(seq, 10)}`,
  ledgerRange: { from: 'hb|e|', to: 'hb|e}' },
  /** Hour-bank events waiting in the outbox: "ticket number 0" of the client, so the relay treats them like a ticket's. */
  hourBankOutbox: (seq: number) => `o|${pad(0, 10)}|${pad(seq, 10)}`,
  /**
   * Receipt index (receipt-index.ts): a row for a ticket received out of number order (before 2026-12:
   * for every ticket), keyed by its receipt instant (ISO-8601 UTC sorts as time).
   */
  received: (receivedAt: string, number: number) => `r|${receivedAt}|${pad(number, 10)}`,
  receivedRange: (from: string, to: string) => ({ from: `r|${from}`, to: `r|${to}` }),
  /** Receipt index: the first in-order ticket of a UTC hour (`2026-12-02T14`). */
  receivedHour: (hour: string, number: number) => `rh|${hour}|${pad(number, 10)}`,
  /** The hour markers of hours `firstHour`..`lastHour`, both included. */
  receivedHourRange: (firstHour: string, lastHour: string) => ({ from: `rh|${firstHour}|`, to: `rh|${lastHour}}` }),
  receivedHours: { from: 'rh|', to: 'rh}' },
  /**
   * The queue index: one row per ticket at its position (src/domain/tickets/ticket-queue.ts), moved in
   * the ticket's own transactions, so a page of the queue is a range scan of small rows (docs/ticket-queue.md).
   */
  queue: (position: string) => `q|${position}`,
  /** Marks a partition whose tickets all have their queue row (the one-off backfill ran); sorts outside `q|`. */
  queueIndexed: 'queue|indexed',
};
