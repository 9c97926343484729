import type { InvocationContext, ServiceBusTopicFunctionOptions } from '@azure/functions';
import { getRuntime, type Runtime } from '../composition/runtime';
import type { CloudEvent } from '../domain/events/cloud-event';
import { parseCloudEvent } from '../messaging/cloud-event-schema';
import { topicSubscriptions } from '../messaging/subscriptions';

export type Deliver = (runtime: Runtime, event: CloudEvent, context: InvocationContext) => Promise<unknown>;

/**
 * The `app.serviceBusTopic` options of the deliverer for one subscription: the Service Bus connection and
 * topic from the app settings, the subscription named as in `subscriptions.ts`. The handler throws when
 * it could not finish, so the message is delivered again and, after the subscription's maximum delivery
 * count, dead-lettered: never dropped. A body that is not a CloudEvent goes the same way.
 */
export function delivererOptions(subscriptionName: string, deliver: Deliver): ServiceBusTopicFunctionOptions {
  if (!topicSubscriptions.some((s) => s.name === subscriptionName)) {
    throw new Error(`"${subscriptionName}" is not a subscription in src/messaging/subscriptions.ts.`);
  }
  return {
    connection: 'ServiceBusConnection',
    topicName: '%SUPPORTDESK_EVENTS_TOPIC%',
    subscriptionName,
    handler: async (message: unknown, context: InvocationContext) => {
      const runtime = getRuntime();
      await runtime.ready;
      await deliver(runtime, parseCloudEvent(message), context);
    },
  };
}
