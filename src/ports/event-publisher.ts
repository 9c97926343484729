import type { CloudEvent } from '../domain/events/cloud-event';

/** Puts domain events on the events topic (Service Bus in Azure, storage queues on the local host). */
export interface EventPublisher {
  /**
   * Publishes the events in the order given and resolves once the topic has accepted every one.
   * Throws otherwise, possibly after some were accepted: the caller sends the same events again later,
   * and since each keeps its id, the topic's duplicate detection and the consumers drop the repeats.
   */
  publish(events: readonly CloudEvent[]): Promise<void>;
}

/** Where no topic is configured, events stay in the outbox until one is. */
export const unconfiguredEventPublisher: EventPublisher = {
  publish() {
    return Promise.reject(
      new Error(
        'No events topic is configured (ServiceBusConnection__fullyQualifiedNamespace); events stay in the outbox.',
      ),
    );
  },
};
