import type { Clock } from '../ports/clock';
import type { ExpiringRecords } from '../ports/expiring-records';

const day = 24 * 3_600_000;

/**
 * How long bookkeeping is kept after it was last written (docs/architecture.md, "Retention"). Long
 * enough for every retry, redelivery and replay it guards; short enough that it does not grow forever.
 */
export const retentionPeriods = {
  /** Delivered and skipped webhook deliveries: a month of delivery history for support questions. */
  settledWebhookDeliveries: 30 * day,
  /** Dead-lettered deliveries stay replayable for a quarter. */
  deadWebhookDeliveries: 90 * day,
  /** E-mail receipts: far beyond any topic redelivery (Service Bus keeps a message 14 days at most). */
  emailReceipts: 30 * day,
  /** Idempotency-Key records: a client retrying a request does so within minutes; a week is generous. */
  idempotencyRecords: 7 * day,
  /** Sign-in links and OIDC login state live 15 minutes, throttle windows as long; two days leave room to look at abuse. */
  signInRecords: 2 * day,
  /** A session ends after 7 days at most; a row untouched for 8 days is past both the idle and the absolute limit. */
  sessions: 8 * day,
  /** The mail loop guard counts 10 minutes; a day leaves room to look at a loop. */
  mailLoopGuard: day,
  /**
   * Attachment blobs no record accounts for, a day after they were last written: an upload URL lives 10
   * minutes, so a blob that old is past any upload under way or completion racing the sweep.
   */
  attachmentOrphans: day,
  /** One day, for periods set in days (`SUPPORTDESK_RAW_MAIL_RETENTION_DAYS`). */
  day,
} as const;

export interface RetentionRule {
  readonly name: string;
  readonly keepForMs: number;
  readonly records: ExpiringRecords;
}

/**
 * Deletes what has outlived its retention period, rule by rule; run daily by the `retention-sweep`
 * timer. New kinds of records (sign-in tokens, sessions) join by adding a rule in the composition root.
 * One rule failing does not stop the others; the failure is reported and the next run tries again.
 */
export class RetentionSweeper {
  constructor(
    private readonly rules: readonly RetentionRule[],
    private readonly clock: Clock,
  ) {}

  get ruleNames(): readonly string[] {
    return this.rules.map((r) => r.name);
  }

  async sweep(): Promise<{ deleted: Record<string, number>; failed: Record<string, string> }> {
    const now = this.clock.now().getTime();
    const deleted: Record<string, number> = {};
    const failed: Record<string, string> = {};
    for (const rule of this.rules) {
      try {
        deleted[rule.name] = await rule.records.deleteOlderThan(new Date(now - rule.keepForMs));
      } catch (error) {
        failed[rule.name] = error instanceof Error ? error.message : String(error);
      }
    }
    return { deleted, failed };
  }
}
