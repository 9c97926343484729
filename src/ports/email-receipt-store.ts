/**
 * Which notifications were e-mailed to whom, so that a redelivered event never mails anyone twice.
 * A receipt is claimed before sending and marked sent after; a claim left by a crashed sender expires.
 */
export type ReceiptClaim = 'claimed' | 'already-sent' | 'in-progress';

export interface EmailReceiptStore {
  claim(eventId: string, recipient: string): Promise<ReceiptClaim>;
  markSent(eventId: string, recipient: string, sentAt: Date): Promise<void>;
  /** Gives a claim up after a failed send, so the next delivery of the event may try again at once. */
  release(eventId: string, recipient: string): Promise<void>;
}
