import { systemClock, type Clock } from '../../../src/ports/clock';
import type { EmailReceiptStore, ReceiptClaim } from '../../../src/ports/email-receipt-store';

/** As `TableEmailReceipts`: a claim older than this was left by a sender that died mid-send. */
const claimTimeoutMs = 2 * 60_000;

type Receipt = { readonly state: 'sending'; readonly claimedAt: number } | { readonly state: 'sent' };

/**
 * The EmailReceiptStore contract in memory, for application-service tests; test/ports/email-receipt-store.test.ts
 * runs the same cases against it and the Table implementation.
 */
export class InMemoryEmailReceipts implements EmailReceiptStore {
  readonly #receipts = new Map<string, Receipt>();

  constructor(private readonly realClock: Clock = systemClock) {}

  claim(eventId: string, recipient: string): Promise<ReceiptClaim> {
    const key = keyOf(eventId, recipient);
    const existing = this.#receipts.get(key);
    const now = this.realClock.now().getTime();
    if (existing?.state === 'sent') return Promise.resolve('already-sent');
    if (existing && existing.claimedAt + claimTimeoutMs > now) return Promise.resolve('in-progress');
    this.#receipts.set(key, { state: 'sending', claimedAt: now });
    return Promise.resolve(existing ? 'reclaimed' : 'claimed');
  }

  markSent(eventId: string, recipient: string): Promise<void> {
    this.#receipts.set(keyOf(eventId, recipient), { state: 'sent' });
    return Promise.resolve();
  }

  release(eventId: string, recipient: string): Promise<void> {
    this.#receipts.delete(keyOf(eventId, recipient));
    return Promise.resolve();
  }
}

const keyOf = (eventId: string, recipient: string) => `${eventId}\n${recipient.toLowerCase()}`;
