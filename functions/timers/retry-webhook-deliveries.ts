import { app } from '@azure/functions';
import { getRuntime } from '../../src/composition/runtime';

// Every five minutes, half a minute after the outbox sweep: attempts the webhook deliveries whose backoff is
// over, so a retry is due at most five minutes late. Not every minute, for the same idle cost as the sweep.
app.timer('retry-webhook-deliveries', {
  schedule: '30 */5 * * * *',
  handler: async (_timer, context) => {
    const runtime = getRuntime();
    await runtime.ready;
    const lanes = await runtime.notifications.webhooks.retryDue();
    if (lanes > 0) context.log(`webhook retries: ${lanes} lanes drained`);
  },
});
