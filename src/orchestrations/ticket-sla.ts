import type { OrchestrationContext, Task, TimerTask } from 'durable-functions';
import type { SlaPlan, SlaTicketRef } from '../app/sla-keeper';
import type { SlaWakePlan } from '../domain/sla/sla-schedule';
import { withUseCases } from '../composition/runtime';

/**
 * One ticket's SLA orchestration in one place, as in the durable-js samples: its name, its activity's
 * name, the event that wakes it, the orchestrator and the activity. `functions/orchestrations/ticket-sla.ts`
 * and `functions/activities/keep-sla.ts` only register them; `sla-signaller.ts` starts and wakes it.
 */
export const ticketSlaOrchestrationName = 'ticket-sla';
export const keepSlaActivityName = 'keep-sla';
/** Raised on the instance for every ticket change that can move a clock. */
export const ticketChangedEvent = 'ticket-changed';

/** One orchestration per ticket, its id derived from client and number so every host finds it again. */
export const slaInstanceId = (clientId: string, number: number): string => `sla-${clientId}-${number}`;

/** Wake-ups per generation before the history is trimmed with continueAsNew. */
export const maxStepsPerGeneration = 24;

/**
 * The orchestration's input: the ticket, and for a new ticket the plan of its first sleep, worked out
 * when it was created (`slaNextAt` of `ticket.created`), so the first generation sleeps at once instead
 * of calling the activity to learn what nothing has changed yet. Restarts and the repair sweep give no
 * plan: they plan through the activity, from the ticket as stored.
 */
export interface SlaOrchestrationInput extends SlaTicketRef {
  readonly firstPlan?: SlaWakePlan;
}

export interface SlaActivityInput extends SlaTicketRef {
  readonly now: string;
}

/**
 * One ticket's SLA clocks: record what fell due and learn the next instant (one activity), sleep on a
 * durable timer until then, wake early for any change of the ticket, and end when the ticket is closed
 * (while it is open, even with no clock left to fire, it waits for the next change: a change signalled
 * to an instance that is ending would be dropped with it).
 *
 * Time comes only from `context.df.currentUtcDateTime`; every decision comes from activities that read
 * the ticket as stored, so replays are deterministic and a stale wake-up only causes a re-plan. The one
 * exception is the first step of an input that carries `firstPlan` (a new ticket): that plan is used in
 * place of the first activity call. It is only ever a plan for a sleep — whatever wakes the sleep (its
 * timer, at once if the instant has passed; or any change of the ticket) leads to the activity, which
 * records what is due and plans again from the stored ticket — and `continueAsNew` passes the input
 * without it, so no later generation reuses it.
 *
 * durable-js misbehaves when `continueAsNew` directly follows `Task.any([timer, event])` (the new
 * generation sees the old winner again: azure-functions-durable-js#577). So the losing timer is always
 * cancelled, and a generation only ends after a plain activity call, never straight after a `Task.any`.
 */
export function* ticketSlaOrchestrator(context: OrchestrationContext): Generator<Task, string, unknown> {
  const input = context.df.getInput<SlaOrchestrationInput>();
  const ref: SlaTicketRef = { clientId: input.clientId, number: input.number };
  const activityInput = (): SlaActivityInput => ({ ...ref, now: context.df.currentUtcDateTime.toISOString() });

  for (let step = 0; step < maxStepsPerGeneration; step++) {
    const plan =
      step === 0 && input.firstPlan
        ? input.firstPlan
        : ((yield context.df.callActivity(keepSlaActivityName, activityInput())) as SlaWakePlan);
    // Only a closed ticket ends it: a change signalled while it ended would be dropped with it.
    if (plan.final) return 'done';
    const changed = context.df.waitForExternalEvent(ticketChangedEvent);
    if (!plan.nextAt) {
      // Paused, or done until the ticket changes (a severity that runs no clocks): nothing can fire
      // until the ticket changes, and the change's signal must find this instance running.
      yield changed;
      continue;
    }
    const timer: TimerTask = context.df.createTimer(new Date(plan.nextAt));
    const winner = yield context.df.Task.any([timer, changed]);
    if (winner !== timer) timer.cancel();
  }
  const last = (yield context.df.callActivity(keepSlaActivityName, activityInput())) as SlaWakePlan;
  if (last.final) return 'done';
  // Without `firstPlan`: the next generation starts by calling the activity.
  context.df.continueAsNew(ref);
  return 'continued';
}

/** The activity: record what is due at the orchestration's `now` and plan the next wake-up. */
export const keepSlaActivity: (input: SlaActivityInput) => Promise<SlaPlan> = withUseCases(
  ['slaKeeper'],
  ({ slaKeeper }, input: SlaActivityInput) => slaKeeper.keep(input, input.now),
);
