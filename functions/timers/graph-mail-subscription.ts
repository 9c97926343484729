import { app } from '@azure/functions';
import { getRuntime } from '../../src/composition/runtime';

// Hourly: the shared mailbox's Graph subscription is renewed when less than two days are left, and created
// when there is none (docs/mail-in.md). Nothing to do without the Graph transport.
app.timer('graph-mail-subscription', {
  schedule: '0 7 * * * *',
  handler: async (_timer, context) => {
    const runtime = getRuntime();
    const transport = runtime.mailIn.mailbox;
    if (!transport) return;
    await runtime.ready;
    const done = await transport.keepSubscription();
    if (done !== 'current') context.log(`graph mail subscription ${done}`);
  },
});
