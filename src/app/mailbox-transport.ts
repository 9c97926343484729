import { eachAtMost } from './each-at-most';
import type { Clock } from '../ports/clock';
import type { Mailbox, MailboxMessage, MailboxState } from '../ports/mailbox';
import { secretsEqual } from './api-keys';
import type { MailIntakeOutcome, MailIntakeService } from './mail-intake-service';

/** One item of a notification the mailbox pushed: a new message, or a lifecycle event of the subscription. */
export interface MailboxNotification {
  readonly clientState?: string | undefined;
  readonly subscriptionId?: string | undefined;
  /** `created` for a new message. */
  readonly changeType?: string | undefined;
  /** `reauthorizationRequired`, `subscriptionRemoved` or `missed`. */
  readonly lifecycleEvent?: string | undefined;
  /** The mailbox's id of the new message. */
  readonly messageId?: string | undefined;
}

export interface MailboxTransportOptions {
  /** The secret every genuine notification carries back. */
  readonly clientState: string;
  /** How long a subscription is asked for (Graph allows at most 4230 minutes for mail). */
  readonly subscriptionLifetimeMs: number;
  /** A subscription with less than this left is renewed by the timer. */
  readonly renewWithinMs: number;
  /** Messages taken at once by a catch-up run. */
  readonly concurrency?: number;
  readonly log?: (message: string) => void;
}

/** Graph's limit for Outlook messages is 4230 minutes; a little less leaves room for clock skew. */
export const mailboxSubscriptionDefaults = {
  subscriptionLifetimeMs: 4200 * 60_000,
  renewWithinMs: 48 * 3_600_000,
} as const;

export type TakenMessage = { readonly kind: 'taken'; readonly outcome: MailIntakeOutcome } | { readonly kind: 'gone' };

/**
 * A push-notifying shared mailbox as the intake's transport (docs/mail-in.md, "Microsoft Graph"): each new
 * message is fetched raw, taken by `MailIntakeService.take` (exactly once by Message-ID) and then moved out of
 * the inbox, so the inbox holds only what is not taken yet. Notifications are the fast path; the catch-up run
 * reads the inbox's changes since its stored delta link and takes whatever a lost notification left behind,
 * and the delta link advances only when every message of the run was taken.
 */
export class MailboxTransport {
  constructor(
    private readonly mailbox: Mailbox,
    private readonly state: MailboxState,
    private readonly intake: Pick<MailIntakeService, 'take'>,
    private readonly clock: Clock,
    private readonly options: MailboxTransportOptions,
  ) {}

  /**
   * Checks each item's clientState (in constant time) and starts what the genuine ones ask for. `work`
   * settles when that is done; it never rejects (a failure is logged, and the catch-up run recovers it).
   */
  notified(items: readonly MailboxNotification[]): { accepted: number; refused: number; work: Promise<void> } {
    const genuine = items.filter(
      (i) => i.clientState !== undefined && secretsEqual(i.clientState, this.options.clientState),
    );
    const jobs: Promise<unknown>[] = [];
    const messages = new Set<string>();
    let catchUp = false;
    for (const item of genuine) {
      if (item.lifecycleEvent === 'reauthorizationRequired') jobs.push(this.#renewOrCreate(item.subscriptionId));
      else if (item.lifecycleEvent === 'subscriptionRemoved') {
        jobs.push(this.#create());
        catchUp = true;
      } else if (item.lifecycleEvent === 'missed') catchUp = true;
      else if (item.changeType === 'created' && item.messageId) messages.add(item.messageId);
    }
    if (messages.size > 0) jobs.push(this.#takeAll([...messages].map((id) => ({ id }))));
    if (catchUp) jobs.push(this.catchUp());
    const work = Promise.all(
      jobs.map((job) =>
        job.catch((error: unknown) => this.#log(`mailbox notification not handled: ${errorText(error)}`)),
      ),
    ).then(() => undefined);
    return { accepted: genuine.length, refused: items.length - genuine.length, work };
  }

  /** Takes one message: its raw bytes to the intake, then out of the inbox. */
  async take(id: string, known?: MailboxMessage): Promise<TakenMessage> {
    const message = known ?? (await this.mailbox.message(id));
    if (!message) return { kind: 'gone' };
    const raw = await this.mailbox.raw(id);
    if (!raw) return { kind: 'gone' };
    const outcome = await this.intake.take(raw, message.receivedAt);
    // Moved only once taken: a mail the intake failed on stays in the inbox for the next run.
    await this.mailbox.moveToTaken(id);
    return { kind: 'taken', outcome };
  }

  /**
   * The renewal timer: keeps a subscription alive, renewing it when less than `renewWithinMs` is left and
   * creating it when there is none (or the mailbox lost it; mail of the gap is then caught up).
   */
  async keepSubscription(): Promise<'current' | 'renewed' | 'created'> {
    const held = await this.state.subscription();
    if (held && held.expiresAt.getTime() - this.clock.now().getTime() > this.options.renewWithinMs) return 'current';
    const renewed = await this.#renewOrCreate(held?.id);
    if (renewed === 'created') await this.catchUp();
    return renewed;
  }

  /** The catch-up timer: takes every inbox message added since the stored delta link. */
  async catchUp(): Promise<{ taken: number; failed: number }> {
    let link: string | undefined;
    const pending: MailboxMessage[] = [];
    for await (const page of this.mailbox.changes(await this.state.deltaLink())) {
      pending.push(...page.messages);
      if (page.deltaLink) link = page.deltaLink;
    }
    const { taken, failed } = await this.#takeAll([...new Map(pending.map((m) => [m.id, m])).values()]);
    // The link advances only past a run that took everything, so a failed message is read again next time.
    if (link && failed === 0) await this.state.saveDeltaLink(link);
    return { taken, failed };
  }

  /** Takes messages a few at a time (a collection may name hundreds); a failure is counted and logged. */
  async #takeAll(messages: readonly { id: string; receivedAt?: Date }[]): Promise<{ taken: number; failed: number }> {
    let taken = 0;
    let failed = 0;
    await eachAtMost(messages, this.options.concurrency ?? 4, async (next) => {
      try {
        const known = next.receivedAt ? { id: next.id, receivedAt: next.receivedAt } : undefined;
        if ((await this.take(next.id, known)).kind === 'taken') taken++;
      } catch (error) {
        failed++;
        this.#log(`mailbox message not taken (the next catch-up tries again): ${errorText(error)}`);
      }
    });
    return { taken, failed };
  }

  async #renewOrCreate(subscriptionId: string | undefined): Promise<'renewed' | 'created'> {
    if (subscriptionId) {
      const renewed = await this.mailbox.renew(subscriptionId, this.#until());
      if (renewed) {
        await this.state.saveSubscription(renewed);
        return 'renewed';
      }
    }
    await this.#create();
    return 'created';
  }

  async #create(): Promise<void> {
    await this.state.saveSubscription(await this.mailbox.subscribe(this.#until()));
  }

  #until(): Date {
    return new Date(this.clock.now().getTime() + this.options.subscriptionLifetimeMs);
  }

  #log(message: string): void {
    (this.options.log ?? console.warn)(message);
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
