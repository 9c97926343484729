import type { CloudEvent } from '../domain/events/cloud-event';
import type { QuarantineReason } from '../domain/mail/inbound-mail';

/**
 * What the intake decided for a mail, recorded once per Message-ID before its effect. A retried intake
 * (a crash between the record and the effect, the same mail delivered twice) finds it and carries the
 * same decision out again; the effect itself is idempotent under the mail's key in the ticket's partition.
 */
export type MailDecision =
  | { readonly kind: 'ticket'; readonly clientId: string; readonly reporter: string }
  | {
      readonly kind: 'comment';
      readonly clientId: string;
      readonly number: number;
      readonly author: string;
      /** Past the loop guard: recorded, but nobody is mailed about it. */
      readonly muted: boolean;
    }
  | { readonly kind: 'bounce'; readonly clientId: string; readonly number: number }
  | { readonly kind: 'quarantine'; readonly reason: QuarantineReason }
  | { readonly kind: 'ignored'; readonly why: string };

export interface MailRecord {
  /** sha256 of the Message-ID: the record's key. */
  readonly key: string;
  readonly messageId: string;
  readonly receivedAt: string;
  readonly decision: MailDecision;
  /** `done` once the effect is committed (the ticket or comment it made). */
  readonly state: 'pending' | 'done';
  readonly ticketId?: string;
}

/** A quarantined mail as staff see it: text only, capped; the raw message is kept apart. */
export interface QuarantinedMail {
  readonly id: string;
  readonly messageId: string;
  readonly receivedAt: string;
  readonly reason: QuarantineReason;
  readonly from?: string;
  readonly fromName?: string;
  readonly subject: string;
  readonly text: string;
  readonly sizeBytes: number;
  readonly detail?: string;
}

/** Where a Message-ID belongs: the ticket whose thread it is part of (sent or received by the desk). */
export interface MailThreadRef {
  readonly clientId: string;
  readonly number: number;
}

export interface MailStore {
  /**
   * Records the decision for a mail once: `recorded` the first time, `exists` with the first record after.
   * A quarantine decision writes the quarantined mail in the same transaction, and is done at once;
   * `announced` (its `mail.quarantined` event) joins that transaction as an entry of the desk's outbox.
   */
  record(
    record: MailRecord,
    quarantined?: QuarantinedMail,
    announced?: CloudEvent,
  ): Promise<{ kind: 'recorded' } | { kind: 'exists'; record: MailRecord }>;
  /** Marks a mail's effect committed. */
  finish(key: string, ticketId: string | undefined): Promise<void>;
  /** The thread a Message-ID belongs to, if the desk sent or took it for a ticket. */
  findThread(messageIds: readonly string[]): Promise<MailThreadRef | undefined>;
  /** Remembers that a Message-ID (sent or taken) belongs to a ticket's thread. */
  addToThread(messageId: string, ref: MailThreadRef): Promise<void>;
  /** The ticket's thread so far, oldest first (for `References` of the next mail sent about it). */
  thread(ref: MailThreadRef): Promise<string[]>;
  /**
   * The loop guard's window for a sender on a ticket: adds `now` and answers how many mails the sender
   * sent it within the window (this one included).
   */
  countRecent(ref: MailThreadRef, sender: string, now: Date): Promise<number>;
  listQuarantine(): Promise<QuarantinedMail[]>;
  getQuarantine(id: string): Promise<QuarantinedMail | undefined>;
  /** Takes the mail out of quarantine; false when someone else already did. */
  release(
    id: string,
    outcome: { readonly kind: 'accepted'; readonly ticketId: string } | { readonly kind: 'discarded' },
  ): Promise<boolean>;
}
