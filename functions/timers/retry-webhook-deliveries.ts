import { app } from '@azure/functions';
import { getRuntime } from '../../src/composition/runtime';

// Every minute, half a minute after the outbox sweep: attempts the webhook deliveries whose backoff is over.
app.timer('retry-webhook-deliveries', {
  schedule: '30 * * * * *',
  handler: async (_timer, context) => {
    const runtime = getRuntime();
    await runtime.ready;
    const lanes = await runtime.notifications.webhooks.retryDue();
    if (lanes > 0) context.log(`webhook retries: ${lanes} lanes drained`);
  },
});
