import { app } from '@azure/functions';
import { graphMailTimerOptions } from '../../src/triggers/graph-mail-timer';

// Every ten minutes: inbox mail added since the stored delta link and not yet taken (a lost notification)
// is taken (docs/mail-in.md). Notifications are the fast path and a `missed` lifecycle event starts a
// catch-up at once, so this is the safety net. Only with the Graph transport.
const options = graphMailTimerOptions('15 */10 * * * *', async (mailbox, context) => {
  const { taken, failed } = await mailbox.catchUp();
  if (taken > 0 || failed > 0) context.log(`graph mail catch-up: ${taken} taken, ${failed} failed`);
});
if (options) app.timer('graph-mail-catch-up', options);
