import { app, type InvocationContext, type Timer } from '@azure/functions';
import { withUseCases } from '../../src/composition/runtime';

// Hourly: the shared mailbox's Graph subscription is renewed when less than two days are left, and created
// when there is none (docs/mail-in.md).
// Registered only with the Graph transport: elsewhere each run would wake and bill an instance for nothing.
if (process.env.SUPPORTDESK_MAIL_IN_TRANSPORT === 'graph') {
  app.timer('graph-mail-subscription', {
    schedule: '0 7 * * * *',
    handler: withUseCases(['mailIn'], async ({ mailIn }, _timer: Timer, context: InvocationContext) => {
      const transport = mailIn.mailbox;
      if (!transport) return;
      const done = await transport.keepSubscription();
      if (done !== 'current') context.log(`graph mail subscription ${done}`);
    }),
  });
}
