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
  idempotency: (keyHash: string) => `idem|${keyHash}`,
  /** Which ticket holds a claim (e.g. an open alert's dedup key); overwritten when a later ticket takes it over. */
  claim: (keyHash: string) => `claim|${keyHash}`,
  /**
   * Receipt index: one row per ticket, written with it, keyed by its receipt instant (ISO-8601 UTC sorts
   * as time), so the tickets received in a period are a range scan of small rows (SLA reports).
   */
  received: (receivedAt: string, number: number) => `r|${receivedAt}|${pad(number, 10)}`,
  receivedRange: (from: string, to: string) => ({ from: `r|${from}`, to: `r|${to}` }),
};
