/**
 * Which notifications were e-mailed to whom, so that a redelivered event never mails anyone twice.
 * A receipt is claimed before sending and confirmed after: marked sent here, or (ticket mail) by its
 * Message-ID joining the ticket's thread. A claim left by a crashed sender expires.
 *
 * `reclaimed`: a claim that had expired was taken over. Its sender may have died after sending, so a
 * caller that confirms elsewhere looks there before sending again.
 */
export type ReceiptClaim = 'claimed' | 'reclaimed' | 'already-sent' | 'in-progress';

export interface EmailReceiptStore {
  claim(eventId: string, recipient: string): Promise<ReceiptClaim>;
  markSent(eventId: string, recipient: string, sentAt: Date): Promise<void>;
  /** Gives a claim up after a failed send, so the next delivery of the event may try again at once. */
  release(eventId: string, recipient: string): Promise<void>;
}
