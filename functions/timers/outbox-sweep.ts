import { app, type InvocationContext, type Timer } from '@azure/functions';
import { withUseCases } from '../../src/composition/runtime';

// Every five minutes: publishes what the relay could not publish right after the change (topic down, process
// gone) and the SLA events the orchestration records. Not every minute: each run wakes and bills an instance
// even when there is nothing to do (docs/infrastructure.md, "What it costs to run idle").
app.timer('outbox-sweep', {
  schedule: '0 */5 * * * *',
  handler: withUseCases(
    ['notifications', 'meterReport'],
    async ({ notifications, meterReport }, _timer: Timer, context: InvocationContext) => {
      const report = await notifications.relay.sweep();
      if (report.published > 0 || report.failedTickets > 0)
        context.log(`outbox sweep: ${report.published} published, ${report.failedTickets} tickets left for later`);
      // This instance's billable operations since the last sweep, as a metrics trace (docs/performance.md).
      const metering = meterReport.next();
      if (metering) context.log(metering);
    },
  ),
});
