import { app, type InvocationContext, type Timer } from '@azure/functions';
import { withUseCases } from '../../src/composition/runtime';

// Hourly on the 1st and 2nd (UTC): each client's approvers get last month's SLA report on the client's
// own 1st, once (receipts), and a failed send is tried again the next hour.
app.timer('monthly-sla-reports', {
  schedule: '0 0 * 1-2 * *',
  handler: withUseCases(['monthlyReports'], async ({ monthlyReports }, _timer: Timer, context: InvocationContext) => {
    const run = await monthlyReports.run();
    if (run.sent.length + run.alreadySent.length + run.failed.length > 0) {
      const sent = run.sent.length > 0 ? ` (${run.sent.join(', ')})` : '';
      const failed = run.failed.length > 0 ? `: ${run.failed.join('; ')}` : '';
      context.log(
        `monthly SLA reports: ${run.sent.length} sent${sent}, ${run.alreadySent.length} already sent, ${run.failed.length} failed${failed}`,
      );
    }
  }),
});
