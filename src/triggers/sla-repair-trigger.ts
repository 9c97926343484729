import type { InvocationContext, TimerFunctionOptions } from '@azure/functions';
import * as df from 'durable-functions';
import { withUseCases } from '../composition/runtime';
import { SlaRepair } from '../orchestrations/sla-repair';

/** The function's name; every ten minutes (a stopped clock is caught within one sweep). */
export const slaRepairFunctionName = 'sla-repair';
export const slaRepairSchedule = '0 */10 * * * *';

/**
 * The `sla-repair` timer: starts the orchestration of every open ticket whose clocks can still fire but
 * which has none running (`SlaRepair`). A timer with a Durable client input, registered in `functions/timers`.
 */
export function slaRepairTimerOptions(): TimerFunctionOptions {
  return {
    schedule: slaRepairSchedule,
    extraInputs: [df.input.durableClient()],
    handler: withUseCases(['slaKeeper'], async ({ slaKeeper }, _timer: unknown, context: InvocationContext) => {
      const report = await new SlaRepair(df.getClient(context), () => slaKeeper.ticketsWithLiveClocks()).repair();
      if (report.started.length > 0) {
        context.warn(
          `sla-repair: ${report.started.length} of ${report.checked} open ticket(s) had no running SLA orchestration; started: ${report.started.join(', ')}`,
        );
      }
    }),
  };
}
