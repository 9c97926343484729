import { app } from '@azure/functions';
import { graphMailTimerOptions } from '../../src/triggers/graph-mail-timer';

// Hourly: the shared mailbox's Graph subscription is renewed when less than two days are left, and created
// when there is none (docs/mail-in.md). Only with the Graph transport.
const options = graphMailTimerOptions('0 7 * * * *', async (mailbox, context) => {
  const done = await mailbox.keepSubscription();
  if (done !== 'current') context.log(`graph mail subscription ${done}`);
});
if (options) app.timer('graph-mail-subscription', options);
