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
  if (!topicSubscriptions.some((s) => s.name === subscriptionName)) {
    throw new Error(`"${subscriptionName}" is not a subscription in src/messaging/subscriptions.ts.`);
  }
  return {
    connection: 'ServiceBusConnection',
    topicName: '%SUPPORTDESK_EVENTS_TOPIC%',
    subscriptionName,
    handler: async (message: unknown, context: InvocationContext) => {
      await handle(parseCloudEvent(message), context);
    },
  };
}

/** A deliverer: a subscription's function given the use cases it names, once the tables exist (`withUseCases`). */
export function delivererOptions<U extends keyof UseCases>(
  subscriptionName: string,
  uses: readonly U[],
  deliver: DeliverWith<U>,
): ServiceBusTopicFunctionOptions {
  return subscriptionOptions(subscriptionName, withUseCases(uses, deliver));
}
