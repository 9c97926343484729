import type { ServiceBusTopicFunctionOptions } from '@azure/functions';
import * as df from 'durable-functions';
import { SlaSignaller } from '../orchestrations/sla-signaller';
import { subscriptionOptions } from './deliverer-trigger';

/** The subscription (src/messaging/subscriptions.ts) and function name. */
export const slaSubscriptionName = 'sla';

/**
 * The `sla` subscription's function: a Service Bus trigger with a Durable client input, which starts
 * or wakes the ticket's SLA orchestration (`SlaSignaller`). It uses nothing of the composition, so it
 * builds none of it. Nothing in a request does this any more:
 * the ticket's transaction writes the event to the outbox, and the relay (or the outbox sweep, after
 * a crash) publishes it to the topic.
 */
export function slaTriggerOptions(): ServiceBusTopicFunctionOptions {
  return {
    ...subscriptionOptions(slaSubscriptionName, async (event, context) => {
      const outcome = await new SlaSignaller(df.getClient(context)).eventArrived(event);
      context.debug(`sla: ${event.type} ${event.id}: ${outcome}`);
    }),
    extraInputs: [df.input.durableClient()],
  };
}
