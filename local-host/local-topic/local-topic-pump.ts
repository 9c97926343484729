import type { DequeuedMessageItem, QueueClient, QueueServiceClient } from '@azure/storage-queue';
import { topicSubscriptions, type TopicSubscription } from '../../src/messaging/subscriptions';
import { processMeter } from '../../src/adapters/metering/counting-meter';
import type { Meter } from '../../src/ports/meter';
import type { BackgroundTurn } from '../foreground-requests';
import type { FunctionRegistry, RegisteredFunction } from '../functions-core-shim';
import type { InputBindingProviders } from '../http-gateway';
import { createInvocationContext } from '../invocation-context';
import {
  deadLetterQueue,
  decodeMessage,
  encodeEnvelope,
  packEnvelopes,
  subscriptionQueue,
  type QueueEnvelope,
} from './topic-queues';
import { describeError } from '../../src/domain/describe-error';

export interface LocalTopicPumpOptions {
  readonly queues: QueueServiceClient;
  readonly registry: FunctionRegistry;
  readonly subscriptions?: readonly TopicSubscription[];
  readonly log: (line: string) => void;
  /** Waits for background work's turn before each receive; a forced turn takes one queue message. */
  readonly turn?: () => Promise<BackgroundTurn>;
  /** Values of the registrations' other input bindings (the `sla` function's Durable client), as the HTTP gateway gets them. */
  readonly inputBindings?: InputBindingProviders;
  /** How long a received message stays invisible while its handler runs; a crashed host's messages reappear after it. */
  readonly visibilityTimeoutSeconds?: number;
  /** The same for particular subscriptions whose handlers are quick (`sla`), so a crash delays them less. */
  readonly visibilityTimeoutFor?: Readonly<Record<string, number>>;
  /** Handler failures before a message is dead-lettered: `maxDeliveryCount` of the Bicep subscriptions. */
  readonly maxDeliveryCount?: number;
  /** How long a failed message waits before its next delivery. */
  readonly retryDelaySeconds?: (failures: number) => number;
  /** The most topic messages (events) one received batch hands to handlers; the first queue message is always taken whole. */
  readonly maxEventsPerBatch?: number;
  /** Counts what the Service Bus trigger would do in Azure: one receive and one settle per topic message handled. */
  readonly meter?: Meter;
}

/** One queue message being handled, and what of it must come back. */
interface Settlement {
  readonly item: DequeuedMessageItem;
  /** It held one topic message (not a batch). */
  readonly single: boolean;
  /** Its topic messages to deliver again, in order. */
  readonly carried: QueueEnvelope[];
  /** When they come back: the longest delay any of them needs. */
  delaySeconds: number;
}

/** One topic message of a received queue message. */
interface Received {
  readonly settlement: Settlement;
  readonly envelope: QueueEnvelope;
}

function carry({ settlement }: Received, envelope: QueueEnvelope, delaySeconds: number): void {
  settlement.carried.push(envelope);
  settlement.delaySeconds = Math.max(settlement.delaySeconds, delaySeconds);
}

/** The most messages a storage queue hands out per receive. */
const maxReceive = 32;
const idleMinMs = 50;
const loggedLevels: ReadonlySet<string> = new Set(['error', 'warning']);
const idleMaxMs = 1000;

/**
 * Delivers the local topic's queues to the Service Bus–triggered registrations, the way the Functions
 * host would: the registrations are found in the registry by their `subscriptionName`, so there is no
 * second list of deliverers.
 *
 * At least once: a message is deleted only after its handler succeeded; until then it is invisible for
 * the visibility timeout and comes back if the host dies. A failed message comes back after a backoff,
 * and after `maxDeliveryCount` failures moves to `{subscription}-deadletter`.
 *
 * A queue message may hold several topic messages (`LocalTopic` packs a publish's events per
 * subscription); each is handled, retried and dead-lettered on its own, as on Service Bus.
 *
 * Per-ticket order: a batch is split by session (the ticket), each session's messages run one after
 * another, and the next batch is received only when this one is done. When a message fails, the later
 * messages of its ticket are held back until it is visible again, so they come back behind it (Azurite
 * hands out visible messages oldest first). That hold is kept in memory: after a restart, order across
 * a failure is only as good as the deliverers make it (the webhook lanes re-order by position).
 */
export class LocalTopicPump {
  readonly #options: Required<
    Omit<
      LocalTopicPumpOptions,
      'registry' | 'queues' | 'log' | 'inputBindings' | 'visibilityTimeoutFor' | 'turn' | 'meter'
    >
  > &
    LocalTopicPumpOptions;
  readonly #loops: Promise<void>[] = [];
  readonly #wakers = new Set<() => void>();
  /** Sessions with a failed message waiting out its backoff, and when it is visible again. */
  readonly #blocked = new Map<string, number>();
  #running = false;
  /** Batches being handled, per subscription. */
  readonly #inFlight = new Map<string, number>();

  constructor(options: LocalTopicPumpOptions) {
    this.#options = {
      subscriptions: topicSubscriptions,
      visibilityTimeoutSeconds: 60,
      maxDeliveryCount: 10,
      retryDelaySeconds: (failures) => Math.min(2 ** (failures - 1), 30),
      maxEventsPerBatch: 256,
      ...options,
    };
  }

  /** The deliverer registered for each subscription; a subscription without one is an error, as in Azure. */
  deliverers(): Map<string, RegisteredFunction> {
    const bySubscription = new Map<string, RegisteredFunction>();
    for (const fn of this.#options.registry.byTriggerType('serviceBusTrigger')) {
      const name = fn.trigger.subscriptionName;
      if (typeof name !== 'string') continue;
      if (bySubscription.has(name))
        throw new Error(`Subscription "${name}" has two deliverers: ${bySubscription.get(name)?.name} and ${fn.name}.`);
      bySubscription.set(name, fn);
    }
    const missing = this.#options.subscriptions.filter((s) => !bySubscription.has(s.name)).map((s) => s.name);
    if (missing.length > 0)
      throw new Error(`No Service Bus–triggered function for subscription(s) ${missing.join(', ')}.`);
    return bySubscription;
  }

  start(): void {
    if (this.#running) return;
    const deliverers = this.deliverers();
    this.#running = true;
    for (const subscription of this.#options.subscriptions) {
      const fn = deliverers.get(subscription.name);
      if (fn) this.#loops.push(this.#loop(subscription.name, fn));
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    for (const wake of this.#wakers) wake();
    await Promise.all(this.#loops.splice(0));
  }

  /**
   * Resolves `true` once every subscription queue (or each of `only`) is empty and none of their
   * handlers runs, `false` at the deadline. A message being handled still counts in its queue.
   */
  async drained(timeoutMs: number, only?: readonly string[]): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const names = only ?? this.#options.subscriptions.map((s) => s.name);
    const busy = () => names.some((name) => (this.#inFlight.get(name) ?? 0) > 0);
    // Each look asks Azurite for every queue's length: backing off keeps a long drain from costing the
    // host and Azurite more than the work it waits for (it showed in `bench:cost`'s pipeline CPU).
    let pauseMs = 25;
    for (;;) {
      if (!busy() && (await this.#queuedMessages(names)) === 0 && !busy()) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      pauseMs = Math.min(pauseMs * 2, 200);
    }
  }

  /** Messages waiting (or being handled) and dead-lettered, per subscription. */
  async stats(): Promise<Record<string, { messages: number; deadLettered: number }>> {
    const stats: Record<string, { messages: number; deadLettered: number }> = {};
    for (const { name } of this.#options.subscriptions) {
      const [live, dead] = await Promise.all([
        this.#count(subscriptionQueue(name)),
        this.#count(deadLetterQueue(name)),
      ]);
      stats[name] = { messages: live, deadLettered: dead };
    }
    return stats;
  }

  async #queuedMessages(names: readonly string[]): Promise<number> {
    const counts = await Promise.all(names.map((name) => this.#count(subscriptionQueue(name))));
    return counts.reduce((a, b) => a + b, 0);
  }

  async #count(queue: string): Promise<number> {
    const properties = await this.#options.queues.getQueueClient(queue).getProperties();
    return properties.approximateMessagesCount ?? 0;
  }

  async #loop(subscription: string, fn: RegisteredFunction): Promise<void> {
    const queue = this.#options.queues.getQueueClient(subscriptionQueue(subscription));
    let idleMs = idleMinMs;
    // Queue messages asked for per receive: fewer after a batch whose packed messages passed
    // `maxEventsPerBatch` (so as not to receive messages only to put them back), more again after one that did not.
    let take = maxReceive;
    while (this.#running) {
      let items: DequeuedMessageItem[];
      try {
        const { forced } = (await this.#options.turn?.()) ?? { forced: false };
        if (!this.#running) break;
        const visibilityTimeout =
          this.#options.visibilityTimeoutFor?.[subscription] ?? this.#options.visibilityTimeoutSeconds;
        const response = await queue.receiveMessages({ numberOfMessages: forced ? 1 : take, visibilityTimeout });
        items = response.receivedMessageItems;
      } catch (error) {
        if (this.#running)
          this.#options.log(`local topic: receiving from ${subscription} failed: ${describeError(error)}`);
        await this.#idle(idleMaxMs);
        continue;
      }
      if (items.length === 0) {
        await this.#idle(idleMs);
        idleMs = Math.min(idleMs * 2, idleMaxMs);
        continue;
      }
      idleMs = idleMinMs;
      this.#inFlight.set(subscription, (this.#inFlight.get(subscription) ?? 0) + 1);
      try {
        const taken = await this.#handleBatch(subscription, fn, queue, items);
        take = taken < items.length ? Math.max(1, taken) : Math.min(maxReceive, take * 2);
      } catch (error) {
        // Deleting or deferring a message failed (e.g. its visibility timeout passed while it was handled,
        // so its receipt is stale): it comes back and is delivered again, which every handler absorbs.
        this.#options.log(
          `local topic: settling a batch of ${subscription} failed; its messages come back: ${describeError(error)}`,
        );
      } finally {
        this.#inFlight.set(subscription, (this.#inFlight.get(subscription) ?? 1) - 1);
      }
    }
  }

  /** Handles the batch; how many of its queue messages it took (the rest went back). */
  async #handleBatch(
    subscription: string,
    fn: RegisteredFunction,
    queue: QueueClient,
    items: readonly DequeuedMessageItem[],
  ): Promise<number> {
    const sessions = new Map<string, Received[]>();
    const settlements: Settlement[] = [];
    let events = 0;
    let taken = items.length;
    for (const [index, item] of items.entries()) {
      let envelopes: QueueEnvelope[];
      try {
        envelopes = decodeMessage(item.messageText);
      } catch (error) {
        await this.#deadLetter(subscription, item.messageText, undefined, 'MessageUnreadable', describeError(error));
        await queue.deleteMessage(item.messageId, item.popReceipt);
        continue;
      }
      if (events > 0 && events + envelopes.length > this.#options.maxEventsPerBatch) {
        // Packed messages can hold many events each: past the bound, this message and every later one
        // (so a ticket's order holds) go back to the queue at once, in their places, for the next round,
        // rather than a batch outlasting its visibility timeout and coming back while still handled.
        for (const later of items.slice(index))
          await queue.updateMessage(later.messageId, later.popReceipt, undefined, 0);
        taken = index;
        break;
      }
      events += envelopes.length;
      const settlement: Settlement = { item, single: envelopes.length === 1, carried: [], delaySeconds: 0 };
      settlements.push(settlement);
      for (const envelope of envelopes) {
        const key = envelope.sessionId || envelope.messageId;
        const session = sessions.get(key) ?? [];
        session.push({ settlement, envelope });
        sessions.set(key, session);
      }
    }
    if (fn.trigger.cardinality === 'many') await this.#handleMany(subscription, fn, [...sessions]);
    else
      await Promise.all(
        [...sessions].map(([key, session]) => this.#handleSession(subscription, fn, `${subscription}|${key}`, session)),
      );
    for (const settlement of settlements) await this.#settle(queue, settlement);
    return taken;
  }

  /** Runs one session's messages in order; what must wait (a failure and everything after it) is carried to its queue message's settlement. */
  async #handleSession(
    subscription: string,
    fn: RegisteredFunction,
    key: string,
    session: readonly Received[],
  ): Promise<void> {
    if (this.#heldBack(key, session)) return;
    for (const [index, received] of session.entries()) {
      const { settlement, envelope } = received;
      this.#countDelivery(subscription);
      try {
        await this.#invoke(fn, settlement.item, envelope);
      } catch (error) {
        this.#options.log(
          `local topic: ${fn.name} failed on ${envelope.messageId} (failure ${envelope.failures + 1} of ${this.#options.maxDeliveryCount}): ${describeError(error)}`,
        );
        const delay = await this.#retryOrDeadLetter(subscription, received, error);
        if (delay === undefined) continue;
        for (const later of session.slice(index + 1)) carry(later, later.envelope, delay);
        return;
      }
    }
  }

  /**
   * A batch function (`cardinality: 'many'`) gets the batch's messages in one call, each ticket's in
   * order, as the Service Bus trigger hands them over in Azure. As there (`autoCompleteMessages`), the
   * batch succeeds or fails whole: on a failure every message comes back (the handlers absorb the
   * repeat), and a message that has failed `maxDeliveryCount` times is dead-lettered.
   */
  async #handleMany(subscription: string, fn: RegisteredFunction, sessions: [string, Received[]][]): Promise<void> {
    const ready: Received[] = [];
    for (const [key, session] of sessions)
      if (!this.#heldBack(`${subscription}|${key}`, session)) ready.push(...session);
    if (ready.length === 0) return;
    for (const _ of ready) this.#countDelivery(subscription);
    try {
      await this.#invokeMany(fn, ready);
    } catch (error) {
      this.#options.log(`local topic: ${fn.name} failed on a batch of ${ready.length}: ${describeError(error)}`);
      for (const received of ready) await this.#retryOrDeadLetter(subscription, received, error);
    }
  }

  /**
   * A session whose earlier message is waiting out a backoff waits behind it: its messages are carried
   * back until then (`true`). Otherwise its hold, if any, is over.
   */
  #heldBack(key: string, session: readonly Received[]): boolean {
    const blockedUntil = this.#blocked.get(key);
    if (blockedUntil !== undefined && blockedUntil > Date.now()) {
      const delay = Math.ceil((blockedUntil - Date.now()) / 1000) + 1;
      for (const received of session) carry(received, received.envelope, delay);
      return true;
    }
    this.#blocked.delete(key);
    return false;
  }

  /** On Service Bus each delivery is a receive and its outcome (complete, abandon, dead-letter) a settle. */
  #countDelivery(subscription: string): void {
    const meter = this.#options.meter ?? processMeter;
    meter.add('serviceBus.received');
    meter.add('serviceBus.settled');
    meter.add(`serviceBus.received.${subscription}`);
  }

  /**
   * A failed message: dead-lettered after `maxDeliveryCount` failures (`undefined`), else carried back
   * after its backoff, with its ticket's session held until then; the delay in seconds.
   */
  async #retryOrDeadLetter(subscription: string, received: Received, error: unknown): Promise<number | undefined> {
    const { envelope } = received;
    const failures = envelope.failures + 1;
    if (failures >= this.#options.maxDeliveryCount) {
      const reason = describeError(error);
      await this.#deadLetter(subscription, undefined, { ...envelope, failures }, 'MaxDeliveryCountExceeded', reason);
      return undefined;
    }
    const delay = this.#options.retryDelaySeconds(failures);
    const key = `${subscription}|${envelope.sessionId || envelope.messageId}`;
    this.#blocked.set(key, Math.max(this.#blocked.get(key) ?? 0, Date.now() + delay * 1000));
    carry(received, { ...envelope, failures }, delay);
    return delay;
  }

  /**
   * Done with a queue message: deleted when all its topic messages were handled (or dead-lettered);
   * otherwise what must come back does, after its delay — a single message in place (it keeps its
   * place in the queue), a batch's leftovers as a new message written before the batch is deleted,
   * so a crash in between delivers them twice rather than never.
   */
  async #settle(queue: QueueClient, { item, single, carried, delaySeconds }: Settlement): Promise<void> {
    if (carried.length === 0) {
      await queue.deleteMessage(item.messageId, item.popReceipt);
      return;
    }
    if (single && carried[0]) {
      await queue.updateMessage(item.messageId, item.popReceipt, encodeEnvelope(carried[0]), delaySeconds);
      return;
    }
    for (const text of packEnvelopes(carried)) await queue.sendMessage(text, { visibilityTimeout: delaySeconds });
    await queue.deleteMessage(item.messageId, item.popReceipt);
  }

  async #invoke(fn: RegisteredFunction, item: DequeuedMessageItem, envelope: QueueEnvelope): Promise<void> {
    const context = createInvocationContext(fn, (type) => this.#options.inputBindings?.[type]?.(), this.#options.log, {
      levels: loggedLevels,
      triggerMetadata: {
        messageId: envelope.messageId,
        contentType: envelope.contentType,
        subject: envelope.subject,
        sessionId: envelope.sessionId,
        deliveryCount: item.dequeueCount,
        enqueuedTimeUtc: envelope.enqueuedTimeUtc,
        applicationProperties: { ...envelope.applicationProperties },
      },
    });
    // The Functions host hands a JSON body over parsed, as here.
    await fn.handler(envelope.body, context);
  }

  async #invokeMany(fn: RegisteredFunction, batch: readonly Received[]): Promise<void> {
    const envelopes = batch.map((r) => r.envelope);
    const context = createInvocationContext(fn, (type) => this.#options.inputBindings?.[type]?.(), this.#options.log, {
      levels: loggedLevels,
      // The Service Bus trigger's metadata for a batch: one array entry per message.
      triggerMetadata: {
        messageIdArray: envelopes.map((e) => e.messageId),
        contentTypeArray: envelopes.map((e) => e.contentType),
        subjectArray: envelopes.map((e) => e.subject),
        sessionIdArray: envelopes.map((e) => e.sessionId),
        deliveryCountArray: batch.map((r) => r.settlement.item.dequeueCount),
        enqueuedTimeUtcArray: envelopes.map((e) => e.enqueuedTimeUtc),
        applicationPropertiesArray: envelopes.map((e) => ({ ...e.applicationProperties })),
      },
    });
    await fn.handler(
      envelopes.map((e) => e.body),
      context,
    );
  }

  async #deadLetter(
    subscription: string,
    text: string | undefined,
    envelope: QueueEnvelope | undefined,
    reason: string,
    description: string,
  ): Promise<void> {
    const deadLetters = this.#options.queues.getQueueClient(deadLetterQueue(subscription));
    const body = envelope
      ? encodeEnvelope({
          ...envelope,
          deadLetterReason: reason,
          deadLetterErrorDescription: description.slice(0, 1000),
        })
      : (text ?? '');
    await deadLetters.sendMessage(body);
    this.#options.log(
      `local topic: ${envelope?.messageId ?? 'an unreadable message'} moved to ${deadLetterQueue(subscription)} (${reason})`,
    );
  }

  #idle(ms: number): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wakers.add(wake);
    });
  }
}
