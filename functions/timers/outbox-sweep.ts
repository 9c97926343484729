import { app } from '@azure/functions';
import { getRuntime } from '../../src/composition/runtime';

// Every minute: publishes what the relay could not publish right after the change (topic down, process gone).
app.timer('outbox-sweep', {
  schedule: '0 * * * * *',
  handler: async (_timer, context) => {
    const runtime = getRuntime();
    await runtime.ready;
    const report = await runtime.notifications.relay.sweep();
    if (report.published > 0 || report.failedTickets > 0)
      context.log(`outbox sweep: ${report.published} published, ${report.failedTickets} tickets left for later`);
  },
});
