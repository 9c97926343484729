import type { QueueServiceClient } from '@azure/storage-queue';
import type { CloudEvent } from '../../src/domain/events/cloud-event';
import { subscriptionsFor } from '../../src/messaging/correlation-filter';
import { toEventMessage } from '../../src/messaging/event-message';
import { topicSubscriptions, type TopicSubscription } from '../../src/messaging/subscriptions';
import type { EventPublisher } from '../../src/ports/event-publisher';
import { processMeter } from '../../src/adapters/metering/counting-meter';
import { countServiceBusSend } from '../../src/adapters/service-bus/service-bus-event-publisher';
import type { Meter } from '../../src/ports/meter';
import type { BusFaults } from './bus-faults';
import { deadLetterQueue, packEnvelopes, subscriptionQueue, type QueueEnvelope } from './topic-queues';

/**
 * The local host's stand-in for the Service Bus topic: publishing copies each event to the queue of
 * every subscription whose correlation filter (from `subscriptions.ts`, the list Bicep deploys) matches
 * its application properties. Queues live in Azurite's data folder, so nothing is lost on a restart.
 * A publish puts each subscription's events, in the order given, into as few queue messages as fit, so
 * a ticket's events sit in each queue in order and a relay of many tickets costs a few queue writes.
 */
export class LocalTopic implements EventPublisher {
  constructor(
    private readonly queues: QueueServiceClient,
    private readonly faults: BusFaults,
    private readonly subscriptions: readonly TopicSubscription[] = topicSubscriptions,
    private readonly meter: Meter = processMeter,
  ) {}

  async createQueues(): Promise<void> {
    for (const subscription of this.subscriptions) {
      await this.queues.getQueueClient(subscriptionQueue(subscription.name)).createIfNotExists();
      await this.queues.getQueueClient(deadLetterQueue(subscription.name)).createIfNotExists();
    }
  }

  async publish(events: readonly CloudEvent[]): Promise<void> {
    if (this.faults.busDown) throw new Error('The local topic is down (fault switched on through /api/dev/faults).');
    const enqueuedTimeUtc = new Date().toISOString();
    const perSubscription = new Map<string, QueueEnvelope[]>();
    let bytes = 0;
    for (const event of events) {
      const message = toEventMessage(event);
      bytes += Buffer.byteLength(JSON.stringify(message.body)) + 512;
      const envelope: QueueEnvelope = { ...message, enqueuedTimeUtc, failures: 0 };
      for (const subscription of subscriptionsFor(message.applicationProperties, this.subscriptions)) {
        const queued = perSubscription.get(subscription.name) ?? [];
        queued.push(envelope);
        perSubscription.set(subscription.name, queued);
      }
    }
    // Each subscription's events in order, in as few queue messages as fit; the subscriptions side by side.
    await Promise.all(
      [...perSubscription].map(async ([name, envelopes]) => {
        const queue = this.queues.getQueueClient(subscriptionQueue(name));
        for (const text of packEnvelopes(envelopes)) await queue.sendMessage(text);
      }),
    );
    // What the Service Bus publisher would have sent for this publish: its batches (256 KB on Standard)
    // and messages. The queue writes above are the stand-in's, not Azure's, and are not counted.
    countServiceBusSend(this.meter, Math.max(1, Math.ceil(bytes / standardBatchBytes)), events.length);
  }
}

/** The largest message batch a Standard namespace takes; the 512 bytes per event above are its headers and properties. */
const standardBatchBytes = 256 * 1024;
