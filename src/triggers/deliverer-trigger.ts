import type { InvocationContext, ServiceBusTopicFunctionOptions } from '@azure/functions';
import { withUseCases, type UseCases } from '../composition/runtime';
import type { CloudEvent } from '../domain/events/cloud-event';
import { parseCloudEvent } from '../messaging/cloud-event-schema';
import { topicSubscriptions } from '../messaging/subscriptions';

/** A subscription's handler, given the use cases it declared. */
export type DeliverWith<U extends keyof UseCases> = (
  deps: Pick<UseCases, U>,
  event: CloudEvent,
  context: InvocationContext,
) => Promise<unknown>;

/**
 * The `app.serviceBusTopic` options of one subscription's function: the Service Bus connection and
 * topic from the app settings, the subscription named as in `subscriptions.ts`, the body read as a
 * CloudEvent. The handler throws when it could not finish, so the message is delivered again and, after
 * the subscription's maximum delivery count, dead-lettered: never dropped. A body that is not a
 * CloudEvent goes the same way. Nothing of the composition is built here (the `sla` function needs none).
 */
export function subscriptionOptions(
  subscriptionName: string,
  handle: (event: CloudEvent, context: InvocationContext) => Promise<unknown>,
): ServiceBusTopicFunctionOptions {
  return {
    ...subscriptionTrigger(subscriptionName),
    handler: async (message: unknown, context: InvocationContext) => {
      await handle(parseCloudEvent(message), context);
    },
  };
}

/** The Service Bus connection, the topic and the subscription, which must be one of `subscriptions.ts`. */
function subscriptionTrigger(subscriptionName: string) {
  if (!topicSubscriptions.some((s) => s.name === subscriptionName)) {
    throw new Error(`"${subscriptionName}" is not a subscription in src/messaging/subscriptions.ts.`);
  }
  return { connection: 'ServiceBusConnection', topicName: '%SUPPORTDESK_EVENTS_TOPIC%', subscriptionName };
}

/** A deliverer: a subscription's function given the use cases it names, once the tables exist (`withUseCases`). */
export function delivererOptions<U extends keyof UseCases>(
  subscriptionName: string,
  uses: readonly U[],
  deliver: DeliverWith<U>,
): ServiceBusTopicFunctionOptions {
  return subscriptionOptions(subscriptionName, withUseCases(uses, deliver));
}

/** A batch deliverer's handler: the batch's events in the order received (each ticket's in order). */
export type DeliverBatchWith<U extends keyof UseCases> = (
  deps: Pick<UseCases, U>,
  events: readonly CloudEvent[],
  context: InvocationContext,
) => Promise<unknown>;

/**
 * The options of a subscription's function that takes its messages in batches (`cardinality: 'many'`,
 * up to host.json's `maxMessageBatchSize`): one execution for many events, so what the events share
 * (a client's contacts, a journal write, a Durable client) is done once. The batch completes or fails
 * whole (`autoCompleteMessages`): the handler handles every event it can and throws at the end if one
 * failed, so the batch comes again and the events already done are absorbed as repeats. A body that
 * is not a CloudEvent fails the batch the same way, and after the maximum delivery count the batch's
 * messages are dead-lettered: never dropped.
 */
export function subscriptionBatchOptions(
  subscriptionName: string,
  handle: (events: readonly CloudEvent[], context: InvocationContext) => Promise<unknown>,
): ServiceBusTopicFunctionOptions {
  return {
    ...subscriptionTrigger(subscriptionName),
    cardinality: 'many',
    handler: async (messages: unknown, context: InvocationContext) => {
      const bodies = Array.isArray(messages) ? messages : [messages];
      await handle(bodies.map(parseCloudEvent), context);
    },
  };
}

/** A batch deliverer given the use cases it names (`withUseCases`). */
export function delivererBatchOptions<U extends keyof UseCases>(
  subscriptionName: string,
  uses: readonly U[],
  deliver: DeliverBatchWith<U>,
): ServiceBusTopicFunctionOptions {
  return subscriptionBatchOptions(subscriptionName, withUseCases(uses, deliver));
}
