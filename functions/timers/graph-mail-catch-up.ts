import { app, type InvocationContext, type Timer } from '@azure/functions';
import { withUseCases } from '../../src/composition/runtime';

// Every ten minutes: inbox mail added since the stored delta link and not yet taken (a lost notification)
// is taken (docs/mail-in.md). Notifications are the fast path and a `missed` lifecycle event starts a
// catch-up at once, so this is the safety net.
// Registered only with the Graph transport: elsewhere each run would wake and bill an instance for nothing.
if (process.env.SUPPORTDESK_MAIL_IN_TRANSPORT === 'graph') {
  app.timer('graph-mail-catch-up', {
    schedule: '15 */10 * * * *',
    handler: withUseCases(['mailIn'], async ({ mailIn }, _timer: Timer, context: InvocationContext) => {
      const transport = mailIn.mailbox;
      if (!transport) return;
      const { taken, failed } = await transport.catchUp();
      if (taken > 0 || failed > 0) context.log(`graph mail catch-up: ${taken} taken, ${failed} failed`);
    }),
  });
}
