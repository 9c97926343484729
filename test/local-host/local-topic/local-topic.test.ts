import { QueueServiceClient } from '@azure/storage-queue';
import type { InvocationContext } from '@azure/functions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ticketCloudEvent, type CloudEvent } from '../../../src/domain/events/cloud-event';
import { startAzurite, type RunningAzurite } from '../../../local-host/azurite-process';
import { FunctionRegistry } from '../../../local-host/functions-core-shim';
import { BusFaults } from '../../../local-host/local-topic/bus-faults';
import { LocalTopic } from '../../../local-host/local-topic/local-topic';
import { LocalTopicPump } from '../../../local-host/local-topic/local-topic-pump';
import {
  decodeEnvelope,
  decodeMessage,
  packEnvelopes,
  type QueueEnvelope,
} from '../../../local-host/local-topic/topic-queues';
import type { TopicSubscription } from '../../../src/messaging/subscriptions';
import { topicSubscriptions } from '../../../src/messaging/subscriptions';
import { looseEvent } from '../../support/loose-event';
import { CountingMeter } from '../../../src/adapters/metering/counting-meter';

interface Delivery {
  readonly subscription: string;
  readonly id: string;
  readonly ok: boolean;
  readonly metadata: Record<string, unknown> | undefined;
}

let azurite: RunningAzurite;
let round = 0;
let subscriptions: TopicSubscription[];
let queues: QueueServiceClient;
let faults: BusFaults;
let topic: LocalTopic;
let deliveries: Delivery[];
/** How many times each event id should still fail, per subscription. */
let failures: Map<string, number>;
let pumps: LocalTopicPump[];

beforeAll(async () => {
  azurite = await startAzurite();
  queues = QueueServiceClient.fromConnectionString(azurite.connectionString);
});
afterAll(async () => {
  await azurite?.stop();
});
beforeEach(async () => {
  // Fresh queues per test: the subscriptions of subscriptions.ts under names of this round.
  round += 1;
  subscriptions = topicSubscriptions.map((s) => ({ ...s, name: `r${round}-${s.name}` }));
  faults = new BusFaults();
  topic = new LocalTopic(queues, faults, subscriptions);
  await topic.createQueues();
  deliveries = [];
  failures = new Map();
  pumps = [];
  return async () => {
    await Promise.all(pumps.map((p) => p.stop()));
  };
});

/** What the planned deliverers do by default: record each delivery, and fail as `failures` says. */
function recordDelivery(subscription: TopicSubscription, message: unknown, context: unknown): Promise<void> {
  const event = message as CloudEvent;
  const key = `${subscription.name}|${event.id}`;
  const left = failures.get(key) ?? 0;
  const ok = left === 0;
  deliveries.push({
    subscription: subscription.name.replace(/^r\d+-/, ''),
    id: event.id,
    ok,
    metadata: (context as InvocationContext).triggerMetadata,
  });
  if (!ok) {
    failures.set(key, left - 1);
    return Promise.reject(new Error(`planned failure of ${event.id}`));
  }
  return Promise.resolve();
}

function registry(
  only = subscriptions,
  handle: (subscription: TopicSubscription, message: unknown, context: unknown) => Promise<void> = recordDelivery,
): FunctionRegistry {
  const functions = new FunctionRegistry();
  for (const subscription of only) {
    functions.add({
      name: subscription.name,
      bindings: {},
      triggerName: 'message',
      trigger: {
        type: 'serviceBusTrigger',
        direction: 'in',
        connection: 'ServiceBusConnection',
        topicName: '%SUPPORTDESK_EVENTS_TOPIC%',
        subscriptionName: subscription.name,
      },
      handler: (message: unknown, context: unknown) => handle(subscription, message, context),
    });
  }
  return functions;
}

function pump(options: Partial<ConstructorParameters<typeof LocalTopicPump>[0]> = {}): LocalTopicPump {
  const created = new LocalTopicPump({
    queues,
    registry: registry(),
    subscriptions,
    log: () => undefined,
    retryDelaySeconds: () => 0,
    ...options,
  });
  pumps.push(created);
  return created;
}

const event = (ticket: number, seq: number, type: string): CloudEvent =>
  ticketCloudEvent(
    { clientId: 'acme', ticketId: `ACME-${ticket}`, severity: 'cat1', title: 't', status: 'new' },
    looseEvent({ seq, type, at: '2026-11-24T10:00:00.000Z', actor: 'admin', data: {} }),
  );

const okIds = (subscription: string) =>
  deliveries.filter((d) => d.subscription === subscription && d.ok).map((d) => d.id);
const queue = (name: string) => queues.getQueueClient(`r${round}-${name}`);

describe('the local topic', () => {
  it('copies each event to the queues whose subscription filter matches', async () => {
    await topic.publish([
      event(1, 1, 'ticket.created'),
      event(1, 2, 'sla.breached'),
      event(2, 1, 'hourbank.low-balance'),
      event(3, 1, 'alert.raised'),
    ]);
    const peek = async (name: string) =>
      (await queue(name).peekMessages({ numberOfMessages: 32 })).peekedMessageItems.flatMap((m) =>
        decodeMessage(m.messageText).map((e) => e.messageId),
      );
    expect(await peek('deliver-webhooks')).toEqual(['ACME-1.1', 'ACME-1.2', 'ACME-2.1', 'ACME-3.1']);
    expect(await peek('deliver-ticket-email')).toEqual(['ACME-1.1']);
    expect(await peek('deliver-sla-email')).toEqual(['ACME-1.2']);
    expect(await peek('deliver-hourbank-email')).toEqual(['ACME-2.1']);
  });

  it('puts a publish of many events into one queue message per subscription, in order', async () => {
    const events = Array.from({ length: 20 }, (_, i) => event(i + 1, 1, 'ticket.created'));
    await topic.publish(events);
    const messages = (await queue('deliver-ticket-email').peekMessages({ numberOfMessages: 32 })).peekedMessageItems;
    expect(messages).toHaveLength(1);
    expect(decodeMessage(messages[0]?.messageText ?? '').map((e) => e.messageId)).toEqual(events.map((e) => e.id));
    // Not copied where the filter does not match.
    expect((await queue('deliver-sla-email').peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toHaveLength(
      0,
    );
  });

  it('splits a batch that would pass the 64 KiB message limit, keeping the order', () => {
    const envelope = (i: number): QueueEnvelope =>
      ({
        messageId: `ACME-${i}.1`,
        sessionId: `ACME-${i}`,
        subject: 'ticket.created',
        contentType: 'application/cloudevents+json',
        applicationProperties: { type: 'ticket.created', category: 'ticket', clientId: 'acme', severity: 'cat1' },
        body: { note: 'x'.repeat(5000) },
        enqueuedTimeUtc: '2026-11-24T10:00:00.000Z',
        failures: 0,
      }) as unknown as QueueEnvelope;
    const all = Array.from({ length: 40 }, (_, i) => envelope(i + 1));
    const texts = packEnvelopes(all);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(64 * 1024);
    expect(texts.flatMap((t) => decodeMessage(t).map((e) => e.messageId))).toEqual(all.map((e) => e.messageId));
    // A lone envelope is written as before (what dead-letter queues and older data hold).
    expect(decodeEnvelope(packEnvelopes([envelope(1)])[0] ?? '').messageId).toBe('ACME-1.1');
  });

  it('refuses to publish while the bus is switched down', async () => {
    faults.set('down');
    await expect(topic.publish([event(1, 1, 'ticket.created')])).rejects.toThrow(/down/);
    faults.set('up');
    await topic.publish([event(1, 1, 'ticket.created')]);
  });
});

describe('the local topic pump', () => {
  it('drives the registration of each subscription with the CloudEvent and Service Bus–like metadata', async () => {
    await topic.publish([event(1, 1, 'ticket.created'), event(1, 2, 'sla.warning')]);
    const running = pump();
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    expect(okIds('deliver-webhooks')).toEqual(['ACME-1.1', 'ACME-1.2']);
    expect(okIds('deliver-ticket-email')).toEqual(['ACME-1.1']);
    expect(okIds('deliver-sla-email')).toEqual(['ACME-1.2']);
    expect(deliveries.find((d) => d.subscription === 'deliver-sla-email')?.metadata).toMatchObject({
      messageId: 'ACME-1.2',
      contentType: 'application/cloudevents+json',
      sessionId: 'ACME-1',
      deliveryCount: 1,
      applicationProperties: { type: 'sla.warning', category: 'sla', clientId: 'acme', severity: 'cat1' },
    });
    expect(await running.stats()).toMatchObject({ [`r${round}-deliver-webhooks`]: { messages: 0, deadLettered: 0 } });
  });

  it('delivers again after a failure, and a ticket’s later events only after it', async () => {
    failures.set(`r${round}-deliver-webhooks|ACME-1.1`, 2);
    await topic.publish([
      event(1, 1, 'ticket.created'),
      event(2, 1, 'ticket.created'),
      event(1, 2, 'ticket.commented'),
      event(1, 3, 'ticket.commented'),
    ]);
    const running = pump();
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    const ticket1 = deliveries
      .filter((d) => d.subscription === 'deliver-webhooks' && d.id.startsWith('ACME-1.'))
      .map((d) => `${d.id}${d.ok ? '' : '!'}`);
    expect(ticket1).toEqual(['ACME-1.1!', 'ACME-1.1!', 'ACME-1.1', 'ACME-1.2', 'ACME-1.3']);
    expect(okIds('deliver-webhooks')).toContain('ACME-2.1');
  });

  it('dead-letters a message after the maximum delivery count and carries on with the ticket', async () => {
    failures.set(`r${round}-deliver-webhooks|ACME-1.1`, 99);
    await topic.publish([event(1, 1, 'ticket.created'), event(1, 2, 'ticket.commented')]);
    const running = pump({ maxDeliveryCount: 3 });
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    expect(deliveries.filter((d) => d.subscription === 'deliver-webhooks' && d.id === 'ACME-1.1')).toHaveLength(3);
    expect(okIds('deliver-webhooks')).toEqual(['ACME-1.2']);
    const dead = (
      await queue('deliver-webhooks-deadletter').peekMessages({ numberOfMessages: 32 })
    ).peekedMessageItems.map((m) => decodeEnvelope(m.messageText));
    expect(dead).toEqual([
      expect.objectContaining({
        messageId: 'ACME-1.1',
        failures: 3,
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: 'planned failure of ACME-1.1',
      }),
    ]);
    expect((await running.stats())[`r${round}-deliver-webhooks`]).toEqual({ messages: 0, deadLettered: 1 });
  });

  it('delivers what was queued before it started, and what a crashed host had taken, once it reappears', async () => {
    await topic.publish([event(1, 1, 'ticket.created'), event(2, 1, 'ticket.created')]);
    // A host that took a message and died before finishing: it stays invisible for its timeout, then returns.
    const taken = await queue('deliver-webhooks').receiveMessages({ numberOfMessages: 1, visibilityTimeout: 1 });
    expect(taken.receivedMessageItems).toHaveLength(1);
    const running = pump();
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    expect(okIds('deliver-webhooks').sort()).toEqual(['ACME-1.1', 'ACME-2.1']);
  });

  it('retries only the failing ticket of a batch: the other tickets of the same queue message are delivered once', async () => {
    failures.set(`r${round}-deliver-webhooks|ACME-2.1`, 1);
    await topic.publish([
      event(1, 1, 'ticket.created'),
      event(2, 1, 'ticket.created'),
      event(3, 1, 'ticket.created'),
      event(2, 2, 'ticket.commented'),
    ]);
    const running = pump();
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    const webhooks = deliveries
      .filter((d) => d.subscription === 'deliver-webhooks')
      .map((d) => `${d.id}${d.ok ? '' : '!'}`);
    expect(webhooks.filter((id) => id.startsWith('ACME-1.') || id.startsWith('ACME-3.'))).toEqual([
      'ACME-1.1',
      'ACME-3.1',
    ]);
    expect(webhooks.filter((id) => id.startsWith('ACME-2.'))).toEqual(['ACME-2.1!', 'ACME-2.1', 'ACME-2.2']);
    expect(
      deliveries
        .filter((d) => d.subscription === 'deliver-ticket-email')
        .map((d) => d.id)
        .sort(),
    ).toEqual(['ACME-1.1', 'ACME-2.1', 'ACME-2.2', 'ACME-3.1']);
  });

  it('dead-letters one message of a batch on its own and delivers the rest', async () => {
    failures.set(`r${round}-deliver-webhooks|ACME-1.1`, 99);
    await topic.publish([event(1, 1, 'ticket.created'), event(2, 1, 'ticket.created')]);
    const running = pump({ maxDeliveryCount: 2 });
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    expect(okIds('deliver-webhooks')).toEqual(['ACME-2.1']);
    const dead = (
      await queue('deliver-webhooks-deadletter').peekMessages({ numberOfMessages: 32 })
    ).peekedMessageItems.map((m) => decodeEnvelope(m.messageText).messageId);
    expect(dead).toEqual(['ACME-1.1']);
  });

  it('hands at most maxEventsPerBatch events of packed messages to handlers at once, and delivers every one', async () => {
    // Three publishes of 120 events each, every event a ticket of its own (so each could run at once):
    // packed queue messages of many events.
    const published = Array.from({ length: 360 }, (_, i) => event(i + 1, 1, 'ticket.commented'));
    for (let i = 0; i < 3; i++) await topic.publish(published.slice(i * 120, (i + 1) * 120));
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const functions = registry(subscriptions, async (subscription, message) => {
      if (!subscription.name.endsWith('deliver-webhooks')) return;
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push((message as CloudEvent).id);
      inFlight -= 1;
    });
    const running = pump({ registry: functions, maxEventsPerBatch: 100 });
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(100);
    expect([...seen].sort()).toEqual(published.map((e) => e.id).sort());
  });

  it('counts what Service Bus would bill: one send per publish, a receive and a settle per delivery', async () => {
    const meter = new CountingMeter();
    const metered = new LocalTopic(queues, faults, subscriptions, meter);
    failures.set(`r${round}-deliver-webhooks|ACME-1.1`, 1);
    await metered.publish([event(1, 1, 'ticket.created'), event(1, 2, 'ticket.commented')]);
    expect(meter.snapshot()).toEqual({ 'serviceBus.sends': 1, 'serviceBus.messagesSent': 2 });
    const running = pump({ meter });
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    const counts = meter.snapshot();
    // Every delivery, the failed one included (abandoned, then received again), is a receive and a settle.
    expect(counts['serviceBus.received']).toBe(deliveries.length);
    expect(counts['serviceBus.settled']).toBe(deliveries.length);
    expect(counts[`serviceBus.received.r${round}-deliver-webhooks`]).toBe(3);
  });

  /** A registry whose `deliver-webhooks` function takes batches (`cardinality: 'many'`) and records each call. */
  function batchRegistry(calls: { ids: string[]; metadata: Record<string, unknown> | undefined }[], failCalls = 0) {
    const functions = registry(subscriptions.filter((s) => !s.name.endsWith('-deliver-webhooks')));
    const webhooks = subscriptions.find((s) => s.name.endsWith('-deliver-webhooks'))!;
    let failing = failCalls;
    functions.add({
      name: webhooks.name,
      bindings: {},
      triggerName: 'messages',
      trigger: {
        type: 'serviceBusTrigger',
        direction: 'in',
        connection: 'ServiceBusConnection',
        topicName: '%SUPPORTDESK_EVENTS_TOPIC%',
        subscriptionName: webhooks.name,
        cardinality: 'many',
      },
      handler: (messages: unknown, context: unknown) => {
        calls.push({
          ids: (messages as CloudEvent[]).map((e) => e.id),
          metadata: (context as InvocationContext).triggerMetadata,
        });
        if (failing-- > 0) return Promise.reject(new Error('planned failure of the batch'));
        return Promise.resolve();
      },
    });
    return functions;
  }

  it('hands a batch function the messages of a receive in one call, each ticket in order, with per-message metadata', async () => {
    await topic.publish([
      event(1, 1, 'ticket.created'),
      event(2, 1, 'ticket.created'),
      event(1, 2, 'ticket.commented'),
    ]);
    const calls: { ids: string[]; metadata: Record<string, unknown> | undefined }[] = [];
    const meter = new CountingMeter();
    const running = pump({ registry: batchRegistry(calls), meter });
    running.start();
    expect(await running.drained(20_000)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.ids).toEqual(['ACME-1.1', 'ACME-1.2', 'ACME-2.1']);
    expect(calls[0]?.metadata).toMatchObject({
      messageIdArray: ['ACME-1.1', 'ACME-1.2', 'ACME-2.1'],
      sessionIdArray: ['ACME-1', 'ACME-1', 'ACME-2'],
      deliveryCountArray: [1, 1, 1],
    });
    // Service Bus bills each message received and settled, however many a batch holds.
    expect(meter.snapshot()[`serviceBus.received.r${round}-deliver-webhooks`]).toBe(3);
    expect((await running.stats())[`r${round}-deliver-webhooks`]).toEqual({ messages: 0, deadLettered: 0 });
  });

  it('delivers a failed batch again whole, and dead-letters its messages after the maximum delivery count', async () => {
    await topic.publish([event(1, 1, 'ticket.created'), event(2, 1, 'ticket.created')]);
    const calls: { ids: string[]; metadata: Record<string, unknown> | undefined }[] = [];
    const once = pump({ registry: batchRegistry(calls, 1) });
    once.start();
    expect(await once.drained(20_000)).toBe(true);
    await once.stop();
    expect(calls.map((c) => c.ids)).toEqual([
      ['ACME-1.1', 'ACME-2.1'],
      ['ACME-1.1', 'ACME-2.1'],
    ]);
    expect((await once.stats())[`r${round}-deliver-webhooks`]).toEqual({ messages: 0, deadLettered: 0 });

    await topic.publish([event(3, 1, 'ticket.created')]);
    const poisoned: typeof calls = [];
    const always = pump({ registry: batchRegistry(poisoned, 99), maxDeliveryCount: 3 });
    always.start();
    expect(await always.drained(20_000)).toBe(true);
    expect(poisoned.map((c) => c.ids)).toEqual([['ACME-3.1'], ['ACME-3.1'], ['ACME-3.1']]);
    const dead = (
      await queue('deliver-webhooks-deadletter').peekMessages({ numberOfMessages: 32 })
    ).peekedMessageItems.map((m) => decodeEnvelope(m.messageText));
    expect(dead).toEqual([
      expect.objectContaining({
        messageId: 'ACME-3.1',
        failures: 3,
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: 'planned failure of the batch',
      }),
    ]);
  });

  it('needs a deliverer for every subscription, and only one', () => {
    const partial = new LocalTopicPump({
      queues,
      registry: registry(subscriptions.slice(1)),
      subscriptions,
      log: () => undefined,
    });
    expect(() => partial.start()).toThrow(/No Service Bus–triggered function for subscription/);
  });
});
