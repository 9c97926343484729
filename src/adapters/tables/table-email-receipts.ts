import type { Clock } from '../../ports/clock';
import { systemClock } from '../../ports/clock';
import type { EmailReceiptStore, ReceiptClaim } from '../../ports/email-receipt-store';
import type { LazyTable } from './notification-tables';
import { isStatus } from './table-clients';
import { rowKeyHash } from './row-key-hash';

/** A claim older than this was left by a sender that died mid-send; the next delivery may take it over. */
const claimTimeoutMs = 2 * 60_000;

/**
 * Table `emailreceipts`: partition = event id (hashed, as ids may hold characters row keys refuse),
 * row = recipient (hashed likewise), `state` `sending` (claimed, `claimedAt` by the real clock) or `sent`.
 */
export class TableEmailReceipts implements EmailReceiptStore {
  constructor(
    private readonly table: LazyTable,
    private readonly realClock: Clock = systemClock,
  ) {}

  async claim(eventId: string, recipient: string): Promise<ReceiptClaim> {
    const table = await this.table.ready();
    const partitionKey = rowKeyHash(eventId);
    const rowKey = rowKeyHash(recipient.toLowerCase());
    const now = this.realClock.now();
    const row = { partitionKey, rowKey, eventId, recipient, state: 'sending', claimedAt: now.toISOString() };
    try {
      await table.createEntity(row);
      return 'claimed';
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    let existing;
    try {
      existing = await table.getEntity<{ state: string; claimedAt: string }>(partitionKey, rowKey);
    } catch (error) {
      // Released between our create and this read: the next delivery claims it afresh.
      if (isStatus(error, 404)) return 'in-progress';
      throw error;
    }
    if (existing.state === 'sent') return 'already-sent';
    if (Date.parse(existing.claimedAt) + claimTimeoutMs > now.getTime()) return 'in-progress';
    try {
      await table.updateEntity(row, 'Replace', { etag: existing.etag });
      return 'reclaimed';
    } catch (error) {
      if (isStatus(error, 412)) return 'in-progress';
      throw error;
    }
  }

  async markSent(eventId: string, recipient: string, sentAt: Date): Promise<void> {
    const table = await this.table.ready();
    const row = {
      partitionKey: rowKeyHash(eventId),
      rowKey: rowKeyHash(recipient.toLowerCase()),
      eventId,
      recipient,
      state: 'sent',
      sentAt: sentAt.toISOString(),
    };
    await table.upsertEntity(row, 'Replace');
  }

  async release(eventId: string, recipient: string): Promise<void> {
    const table = await this.table.ready();
    try {
      await table.deleteEntity(rowKeyHash(eventId), rowKeyHash(recipient.toLowerCase()));
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }
}
