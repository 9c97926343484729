import type { ServiceBusTopicFunctionOptions } from '@azure/functions';
import * as df from 'durable-functions';
import { eachInTicketOrder } from '../app/event-batch';
import { SlaSignaller } from '../orchestrations/sla-signaller';
import { subscriptionBatchOptions } from './deliverer-trigger';

/** The subscription (src/messaging/subscriptions.ts) and function name. */
export const slaSubscriptionName = 'sla';

/**
 * The `sla` subscription's function: a Service Bus trigger taking its messages in batches, with a
 * Durable client input, which starts or wakes each ticket's SLA orchestration (`SlaSignaller`): one
 * execution and one Durable client for the batch, each ticket's events in order. It uses nothing of the
 * composition, so it builds none of it. Nothing in a request does this any more: the ticket's
 * transaction writes the event to the outbox, and the relay (or the outbox sweep, after a crash)
 * publishes it to the topic.
 */
export function slaTriggerOptions(): ServiceBusTopicFunctionOptions {
  return {
    ...subscriptionBatchOptions(slaSubscriptionName, async (events, context) => {
      const signaller = new SlaSignaller(df.getClient(context));
      await eachInTicketOrder(events, async (event) => {
        const outcome = await signaller.eventArrived(event);
        context.debug(`sla: ${event.type} ${event.id}: ${outcome}`);
      });
    }),
    extraInputs: [df.input.durableClient()],
  };
}
