import {
  ServiceBusClient,
  type ServiceBusMessage,
  type ServiceBusMessageBatch,
  type ServiceBusSender,
} from '@azure/service-bus';
import type { CloudEvent } from '../../domain/events/cloud-event';
import { toEventMessage } from '../../messaging/event-message';
import type { EventPublisher } from '../../ports/event-publisher';
import { azureCredential } from '../azure-credential';
import { processMeter } from '../metering/counting-meter';
import type { Meter } from '../../ports/meter';

/** The part of `ServiceBusSender` publishing needs; tests pass a fake. */
export type TopicSender = Pick<ServiceBusSender, 'createMessageBatch' | 'sendMessages'>;

/**
 * One event as a Service Bus message. `messageId` is the CloudEvent id, so the topic's duplicate
 * detection drops an event the relay sends again; the correlation filters of the subscriptions select
 * on `applicationProperties`.
 */
export function toServiceBusMessage(event: CloudEvent): ServiceBusMessage {
  const message = toEventMessage(event);
  return {
    messageId: message.messageId,
    contentType: message.contentType,
    subject: message.subject,
    ...(message.sessionId ? { sessionId: message.sessionId } : {}),
    applicationProperties: { ...message.applicationProperties },
    body: message.body,
  };
}

/**
 * Publishes through one sender for the events topic, packing as many events into each batch as its size
 * limit allows. Batches go out one after another, so the topic receives events in the order given.
 */
export class ServiceBusEventPublisher implements EventPublisher {
  constructor(
    private readonly sender: TopicSender,
    private readonly meter: Meter = processMeter,
  ) {}

  /** A publisher on the namespace with the app's managed identity; the AMQP link opens on first use. */
  static connect(
    fullyQualifiedNamespace: string,
    topicName: string,
    managedIdentityClientId: string | undefined,
  ): ServiceBusEventPublisher {
    const client = new ServiceBusClient(fullyQualifiedNamespace, azureCredential(managedIdentityClientId));
    return new ServiceBusEventPublisher(client.createSender(topicName));
  }

  async publish(events: readonly CloudEvent[]): Promise<void> {
    let batch = await this.sender.createMessageBatch();
    for (const event of events) {
      const message = toServiceBusMessage(event);
      if (batch.tryAddMessage(message)) continue;
      if (batch.count === 0) throw tooLarge(event, batch.maxSizeInBytes);
      await this.#send(batch);
      batch = await this.sender.createMessageBatch();
      if (!batch.tryAddMessage(message)) throw tooLarge(event, batch.maxSizeInBytes);
    }
    if (batch.count > 0) await this.#send(batch);
  }

  async #send(batch: ServiceBusMessageBatch): Promise<void> {
    await this.sender.sendMessages(batch);
    countServiceBusSend(this.meter, 1, batch.count);
  }
}

/**
 * A send call is one Service Bus operation whatever its batch holds; its messages are counted too, so
 * the cost model can price the dearer reading (every message an operation; docs/azure-prices.md).
 */
export function countServiceBusSend(meter: Meter, sends: number, messages: number): void {
  meter.add('serviceBus.sends', sends);
  meter.add('serviceBus.messagesSent', messages);
}

function tooLarge(event: CloudEvent, maxSizeInBytes: number): Error {
  return new RangeError(`Event ${event.id} does not fit in a Service Bus message (at most ${maxSizeInBytes} bytes).`);
}
