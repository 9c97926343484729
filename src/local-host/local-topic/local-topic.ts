import type { QueueServiceClient } from '@azure/storage-queue';
import type { CloudEvent } from '../../domain/events/cloud-event';
import { subscriptionsFor } from '../../messaging/correlation-filter';
import { toEventMessage } from '../../messaging/event-message';
import { topicSubscriptions, type TopicSubscription } from '../../messaging/subscriptions';
import type { EventPublisher } from '../../ports/event-publisher';
import type { BusFaults } from './bus-faults';
import { deadLetterQueue, encodeEnvelope, subscriptionQueue } from './topic-queues';

/**
 * The local host's stand-in for the Service Bus topic: publishing copies each event to the queue of
 * every subscription whose correlation filter (from `subscriptions.ts`, the list Bicep deploys) matches
 * its application properties. Queues live in Azurite's data folder, so nothing is lost on a restart.
 * Events are sent one at a time in the order given, so a ticket's events sit in each queue in order.
 */
export class LocalTopic implements EventPublisher {
  constructor(
    private readonly queues: QueueServiceClient,
    private readonly faults: BusFaults,
    private readonly subscriptions: readonly TopicSubscription[] = topicSubscriptions,
  ) {}

  async createQueues(): Promise<void> {
    for (const subscription of this.subscriptions) {
      await this.queues.getQueueClient(subscriptionQueue(subscription.name)).createIfNotExists();
      await this.queues.getQueueClient(deadLetterQueue(subscription.name)).createIfNotExists();
    }
  }

  async publish(events: readonly CloudEvent[]): Promise<void> {
    if (this.faults.busDown) throw new Error('The local topic is down (fault switched on through /api/dev/faults).');
    for (const event of events) {
      const message = toEventMessage(event);
      const text = encodeEnvelope({ ...message, enqueuedTimeUtc: new Date().toISOString(), failures: 0 });
      for (const subscription of subscriptionsFor(message.applicationProperties, this.subscriptions)) {
        await this.queues.getQueueClient(subscriptionQueue(subscription.name)).sendMessage(text);
      }
    }
  }
}
