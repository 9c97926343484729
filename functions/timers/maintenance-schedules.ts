import { app, type InvocationContext, type Timer } from '@azure/functions';
import { withUseCases } from '../../src/composition/runtime';

// Every 15 minutes: schedules whose check time has come raise their due occurrence's ticket, exactly
// once however often (or from however many instances) this fires; after an outage, only the latest.
app.timer('maintenance-schedules', {
  schedule: '0 */15 * * * *',
  handler: withUseCases(
    ['maintenanceSchedules'],
    async ({ maintenanceSchedules }, _timer: Timer, context: InvocationContext) => {
      const run = await maintenanceSchedules.raiseDue();
      if (run.raised.length + run.missed + run.failed.length > 0) {
        context.log(
          `maintenance schedules: ${run.checked} checked, ${run.raised.length} raised${run.raised.length > 0 ? ` (${run.raised.join(', ')})` : ''}, ${run.missed} missed, ${run.failed.length} failed${run.failed.length > 0 ? `: ${run.failed.join('; ')}` : ''}`,
        );
      }
    },
  ),
});
