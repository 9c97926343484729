import { app, type InvocationContext, type Timer } from '@azure/functions';
import { withUseCases } from '../../src/composition/runtime';

// Every five minutes, half a minute after the outbox sweep: attempts the webhook deliveries whose backoff is
// over, so a retry is due at most five minutes late. Not every minute, for the same idle cost as the sweep.
app.timer('retry-webhook-deliveries', {
  schedule: '30 */5 * * * *',
  handler: withUseCases(['notifications'], async ({ notifications }, _timer: Timer, context: InvocationContext) => {
    const lanes = await notifications.webhooks.retryDue();
    if (lanes > 0) context.log(`webhook retries: ${lanes} lanes drained`);
  }),
});
