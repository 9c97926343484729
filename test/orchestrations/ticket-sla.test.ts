import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import type { SlaPlan } from '../../src/app/sla-keeper';
import { installFunctionsCoreShim } from '../../local-host/functions-core-shim';
import {
  eventRaised,
  executionStarted,
  orchestratorCompleted,
  orchestratorStarted,
  taskCompleted,
  taskScheduled,
  timerCreated,
  timerFired,
  type HistoryEvent,
} from '../../local-host/durable/history-events';
import { replayOrchestrator } from '../../local-host/durable/orchestration-replay';
import {
  ActionType,
  flattenActions,
  type OrchestratorAction,
  type OrchestratorStateLike,
} from '../../local-host/durable/orchestrator-actions';
import {
  keepSlaActivityName,
  maxStepsPerGeneration,
  ticketChangedEvent,
  ticketSlaOrchestrationName,
  ticketSlaOrchestrator,
  type SlaOrchestrationInput,
} from '../../src/orchestrations/ticket-sla';

/**
 * The SLA orchestrator run by durable-functions' own replay (the handler `df.app.orchestration`
 * builds) on recorded histories, the way the Durable extension would call it: no storage, no host.
 */
const registry = installFunctionsCoreShim();
df.app.orchestration(ticketSlaOrchestrationName, ticketSlaOrchestrator);
const fn = registry.get(ticketSlaOrchestrationName)!;

const input = { clientId: 'acme', number: 7 };
const t = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 9, minutes));
const plan = (p: Partial<SlaPlan>): string => JSON.stringify({ recorded: 0, done: false, final: false, ...p });

async function replay(
  past: HistoryEvent[],
  fresh: HistoryEvent[],
  given: SlaOrchestrationInput = input,
): Promise<OrchestratorStateLike> {
  const result = await replayOrchestrator({
    fn,
    instanceId: 'sla-acme-7',
    input: given,
    past,
    fresh,
    log: () => undefined,
  });
  if (result.kind !== 'state') throw new Error(result.message);
  return result.state;
}

/** The actions this replay adds to those the history already answers (the last yield's). */
const newest = (state: OrchestratorStateLike): OrchestratorAction[] => flattenActions([state.actions.at(-1) ?? []]);

const started: HistoryEvent[] = [
  orchestratorStarted(t(0)),
  executionStarted(t(0), ticketSlaOrchestrationName, JSON.stringify(input)),
];

/** One recorded wake-up at `minute`: the activity planned a timer 30 minutes on, which fired. */
function activityThenTimer(minute: number, activity: number, timer: number): HistoryEvent[] {
  const fireAt = t(minute + 30);
  return [
    taskScheduled(t(minute), activity, keepSlaActivityName, undefined),
    orchestratorCompleted(t(minute)),
    orchestratorStarted(t(minute + 1)),
    taskCompleted(t(minute + 1), activity, plan({ nextAt: fireAt.toISOString() })),
    timerCreated(t(minute + 1), timer, fireAt),
    orchestratorCompleted(t(minute + 1)),
    orchestratorStarted(fireAt),
    timerFired(fireAt, timer, fireAt.toISOString()),
  ];
}

describe('ticket-sla orchestrator (replayed by durable-functions)', () => {
  it('starts by calling keep-sla with the ticket and the orchestration time, never the wall clock', async () => {
    const state = await replay([], started);
    expect(state.isDone).toBe(false);
    expect(newest(state)).toEqual([
      expect.objectContaining({
        actionType: ActionType.CallActivity,
        functionName: keepSlaActivityName,
        input: { ...input, now: t(0).toISOString() },
      }),
    ]);
  });

  it('ends when keep-sla says the ticket is closed', async () => {
    const past = [...started, taskScheduled(t(0), 0, keepSlaActivityName, undefined), orchestratorCompleted(t(0))];
    const state = await replay(past, [
      orchestratorStarted(t(1)),
      taskCompleted(t(1), 0, plan({ done: true, final: true })),
    ]);
    expect(state.isDone).toBe(true);
    expect(state.output).toBe('done');
  });

  it('does not end while the ticket is open, even when no clock can fire until it changes: it waits for the change', async () => {
    const past = [...started, taskScheduled(t(0), 0, keepSlaActivityName, undefined), orchestratorCompleted(t(0))];
    const state = await replay(past, [orchestratorStarted(t(1)), taskCompleted(t(1), 0, plan({ done: true }))]);
    expect(state.isDone).toBe(false);
    expect(newest(state)).toEqual([
      expect.objectContaining({ actionType: ActionType.WaitForExternalEvent, externalEventName: ticketChangedEvent }),
    ]);
    expect(flattenActions(state.actions).some((a) => a.actionType === ActionType.CreateTimer)).toBe(false);
  });

  it('keeps a change signalled while its last activity ran (the signal arrives with the result): it plans again', async () => {
    // The activity read the ticket before the change (an uncovered severity: done), the change's signal
    // was raised while it ran; both reach the orchestrator in the same episode.
    const past = [...started, taskScheduled(t(0), 0, keepSlaActivityName, undefined), orchestratorCompleted(t(0))];
    const state = await replay(past, [
      orchestratorStarted(t(1)),
      taskCompleted(t(1), 0, plan({ done: true })),
      eventRaised(t(1), ticketChangedEvent, JSON.stringify({ seq: 3 })),
    ]);
    expect(state.isDone).toBe(false);
    expect(newest(state)).toEqual([
      expect.objectContaining({
        actionType: ActionType.CallActivity,
        functionName: keepSlaActivityName,
        input: { ...input, now: t(1).toISOString() },
      }),
    ]);
  });

  it("ends for a closed ticket even with a change signalled meanwhile: nothing can move a closed ticket's clocks", async () => {
    const past = [...started, taskScheduled(t(0), 0, keepSlaActivityName, undefined), orchestratorCompleted(t(0))];
    const state = await replay(past, [
      orchestratorStarted(t(1)),
      taskCompleted(t(1), 0, plan({ done: true, final: true })),
      eventRaised(t(1), ticketChangedEvent, JSON.stringify({ seq: 3 })),
    ]);
    expect(state.isDone).toBe(true);
    expect(state.output).toBe('done');
  });

  it('sleeps until the next instant, waking early for a ticket change', async () => {
    const past = [...started, taskScheduled(t(0), 0, keepSlaActivityName, undefined), orchestratorCompleted(t(0))];
    const state = await replay(past, [
      orchestratorStarted(t(1)),
      taskCompleted(t(1), 0, plan({ nextAt: t(60).toISOString() })),
    ]);
    expect(state.isDone).toBe(false);
    // Task.any([timer, changed]): under replay schema V1 its two actions are listed side by side.
    const actions = newest(state);
    expect(actions.map((a) => a.actionType)).toEqual([ActionType.CreateTimer, ActionType.WaitForExternalEvent]);
    const [timer, changed] = actions;
    expect(new Date(String(timer?.fireAt)).toISOString()).toBe(t(60).toISOString());
    expect(changed?.externalEventName).toBe(ticketChangedEvent);
  });

  it('cancels the losing timer when the ticket changes first, then re-plans', async () => {
    const past = [
      ...started,
      taskScheduled(t(0), 0, keepSlaActivityName, undefined),
      orchestratorCompleted(t(0)),
      orchestratorStarted(t(1)),
      taskCompleted(t(1), 0, plan({ nextAt: t(60).toISOString() })),
      timerCreated(t(1), 1, t(60)),
      orchestratorCompleted(t(1)),
    ];
    const state = await replay(past, [
      orchestratorStarted(t(5)),
      eventRaised(t(5), ticketChangedEvent, JSON.stringify({ seq: 3 })),
    ]);
    const all = flattenActions(state.actions);
    const timer = all.find((a) => a.actionType === ActionType.CreateTimer);
    expect(timer?.isCanceled).toBe(true);
    expect(newest(state)).toEqual([
      expect.objectContaining({ actionType: ActionType.CallActivity, input: { ...input, now: t(5).toISOString() } }),
    ]);
  });

  it('keeps the timer when it wins, and re-plans at the instant it fired', async () => {
    const past = [
      ...started,
      taskScheduled(t(0), 0, keepSlaActivityName, undefined),
      orchestratorCompleted(t(0)),
      orchestratorStarted(t(1)),
      taskCompleted(t(1), 0, plan({ nextAt: t(60).toISOString() })),
      timerCreated(t(1), 1, t(60)),
      orchestratorCompleted(t(1)),
    ];
    const state = await replay(past, [orchestratorStarted(t(60)), timerFired(t(60), 1, t(60).toISOString())]);
    const timer = flattenActions(state.actions).find((a) => a.actionType === ActionType.CreateTimer);
    expect(timer?.isCanceled).toBeFalsy();
    expect(newest(state)).toEqual([
      expect.objectContaining({ actionType: ActionType.CallActivity, input: { ...input, now: t(60).toISOString() } }),
    ]);
  });

  it('waits only for a change while paused (no next instant)', async () => {
    const past = [...started, taskScheduled(t(0), 0, keepSlaActivityName, undefined), orchestratorCompleted(t(0))];
    const state = await replay(past, [orchestratorStarted(t(1)), taskCompleted(t(1), 0, plan({}))]);
    expect(newest(state)).toEqual([
      expect.objectContaining({ actionType: ActionType.WaitForExternalEvent, externalEventName: ticketChangedEvent }),
    ]);
  });

  it(`trims its history with continueAsNew after ${maxStepsPerGeneration} wake-ups, and only straight after an activity`, async () => {
    // A recorded generation: every wake-up is a timer that fired.
    const history: HistoryEvent[] = [...started];
    let id = 0;
    let minute = 0;
    for (let step = 0; step < maxStepsPerGeneration; step++) {
      history.push(...activityThenTimer(minute, id++, id++));
      minute += 30;
    }
    // The wake-up after the last timer calls the activity once more rather than continuing at once.
    const beforeLast = await replay(history.slice(0, -2), history.slice(-2));
    expect(beforeLast.isDone).toBe(false);
    expect(newest(beforeLast).map((a) => a.actionType)).toEqual([ActionType.CallActivity]);
    expect(flattenActions(beforeLast.actions).some((a) => a.actionType === ActionType.ContinueAsNew)).toBe(false);

    const last = id;
    history.push(taskScheduled(t(minute), last, keepSlaActivityName, undefined), orchestratorCompleted(t(minute)));
    const state = await replay(history, [
      orchestratorStarted(t(minute + 1)),
      taskCompleted(t(minute + 1), last, plan({ nextAt: t(minute + 60).toISOString() })),
    ]);
    expect(newest(state)).toEqual([expect.objectContaining({ actionType: ActionType.ContinueAsNew, input })]);
    expect(state.output).toBe('continued');
  });

  it('ends instead of continuing when that last activity says it is done', async () => {
    const history: HistoryEvent[] = [...started];
    let id = 0;
    for (let step = 0; step < maxStepsPerGeneration; step++) {
      const activity = id++;
      history.push(
        taskScheduled(t(step), activity, keepSlaActivityName, undefined),
        orchestratorCompleted(t(step)),
        orchestratorStarted(t(step)),
        taskCompleted(t(step), activity, plan({})),
        orchestratorCompleted(t(step)),
        orchestratorStarted(t(step)),
        eventRaised(t(step), ticketChangedEvent, JSON.stringify({ seq: step })),
      );
    }
    history.push(taskScheduled(t(30), id, keepSlaActivityName, undefined), orchestratorCompleted(t(30)));
    const state = await replay(history, [
      orchestratorStarted(t(31)),
      taskCompleted(t(31), id, plan({ done: true, final: true })),
    ]);
    expect(state.isDone).toBe(true);
    expect(state.output).toBe('done');
    expect(flattenActions(state.actions).some((a) => a.actionType === ActionType.ContinueAsNew)).toBe(false);
  });
});

describe('ticket-sla orchestrator given the first plan of a new ticket (slaNextAt of ticket.created)', () => {
  const planned: SlaOrchestrationInput = {
    ...input,
    firstPlan: { nextAt: t(60).toISOString(), done: false, final: false },
  };
  const plannedStart: HistoryEvent[] = [
    orchestratorStarted(t(0)),
    executionStarted(t(0), ticketSlaOrchestrationName, JSON.stringify(planned)),
  ];

  it('goes straight to its timer, calling no activity', async () => {
    const state = await replay([], plannedStart, planned);
    expect(state.isDone).toBe(false);
    const all = flattenActions(state.actions);
    expect(all.map((a) => a.actionType)).toEqual([ActionType.CreateTimer, ActionType.WaitForExternalEvent]);
    expect(new Date(String(all[0]?.fireAt)).toISOString()).toBe(t(60).toISOString());
    expect(all[1]?.externalEventName).toBe(ticketChangedEvent);
  });

  it('sets a timer for a planned instant already past (a ticket dated back), which then fires at once and leads to the activity', async () => {
    const backdated: SlaOrchestrationInput = {
      ...input,
      firstPlan: { nextAt: t(-90).toISOString(), done: false, final: false },
    };
    const begun = [
      orchestratorStarted(t(0)),
      executionStarted(t(0), ticketSlaOrchestrationName, JSON.stringify(backdated)),
    ];
    const first = await replay([], begun, backdated);
    const timer = flattenActions(first.actions).find((a) => a.actionType === ActionType.CreateTimer);
    expect(new Date(String(timer?.fireAt)).toISOString()).toBe(t(-90).toISOString());
    const past = [...begun, timerCreated(t(0), 0, t(-90)), orchestratorCompleted(t(0))];
    const state = await replay(past, [orchestratorStarted(t(0)), timerFired(t(0), 0, t(-90).toISOString())], backdated);
    expect(newest(state)).toEqual([
      expect.objectContaining({
        actionType: ActionType.CallActivity,
        functionName: keepSlaActivityName,
        input: { ...input, now: t(0).toISOString() },
      }),
    ]);
  });

  it('is woken by a change during the first sleep, cancels its timer and re-plans through the activity', async () => {
    const past = [...plannedStart, timerCreated(t(0), 0, t(60)), orchestratorCompleted(t(0))];
    const state = await replay(
      past,
      [orchestratorStarted(t(5)), eventRaised(t(5), ticketChangedEvent, JSON.stringify({ seq: 2 }))],
      planned,
    );
    expect(flattenActions(state.actions).find((a) => a.actionType === ActionType.CreateTimer)?.isCanceled).toBe(true);
    // The activity gets the ticket and the time, never the plan.
    expect(newest(state)).toEqual([
      expect.objectContaining({
        actionType: ActionType.CallActivity,
        functionName: keepSlaActivityName,
        input: { ...input, now: t(5).toISOString() },
      }),
    ]);
  });

  it('is woken by a change raised before it first ran (buffered), and re-plans through the activity', async () => {
    const state = await replay(
      [],
      [...plannedStart, eventRaised(t(0), ticketChangedEvent, JSON.stringify({ seq: 2 }))],
      planned,
    );
    expect(flattenActions(state.actions).find((a) => a.actionType === ActionType.CreateTimer)?.isCanceled).toBe(true);
    expect(newest(state)).toEqual([
      expect.objectContaining({
        actionType: ActionType.CallActivity,
        functionName: keepSlaActivityName,
        input: { ...input, now: t(0).toISOString() },
      }),
    ]);
  });

  it('uses the plan only for the first step: the wake-up after its timer calls the activity', async () => {
    const past = [...plannedStart, timerCreated(t(0), 0, t(60)), orchestratorCompleted(t(0))];
    const state = await replay(past, [orchestratorStarted(t(60)), timerFired(t(60), 0, t(60).toISOString())], planned);
    expect(newest(state)).toEqual([
      expect.objectContaining({
        actionType: ActionType.CallActivity,
        functionName: keepSlaActivityName,
        input: { ...input, now: t(60).toISOString() },
      }),
    ]);
  });

  it('ends at once for a plan that is final, calling nothing', async () => {
    const done: SlaOrchestrationInput = { ...input, firstPlan: { done: true, final: true } };
    const state = await replay(
      [],
      [orchestratorStarted(t(0)), executionStarted(t(0), ticketSlaOrchestrationName, JSON.stringify(done))],
      done,
    );
    expect(state.isDone).toBe(true);
    expect(state.output).toBe('done');
    expect(flattenActions(state.actions)).toEqual([]);
  });

  it('continues as new without the plan, so the next generation starts with the activity', async () => {
    // The first wake-up is the planned timer (no activity); every later one an activity and its timer.
    const history: HistoryEvent[] = [...plannedStart];
    let id = 0;
    let minute = 0;
    for (let step = 0; step < maxStepsPerGeneration; step++) {
      if (step === 0) {
        const timer = id++;
        history.push(
          timerCreated(t(0), timer, t(60)),
          orchestratorCompleted(t(0)),
          orchestratorStarted(t(60)),
          timerFired(t(60), timer, t(60).toISOString()),
        );
        minute = 60;
        continue;
      }
      history.push(...activityThenTimer(minute, id++, id++));
      minute += 30;
    }
    history.push(taskScheduled(t(minute), id, keepSlaActivityName, undefined), orchestratorCompleted(t(minute)));
    const state = await replay(
      history,
      [
        orchestratorStarted(t(minute + 1)),
        taskCompleted(t(minute + 1), id, plan({ nextAt: t(minute + 60).toISOString() })),
      ],
      planned,
    );
    // The ticket alone: `input` has no firstPlan, and toEqual would see one.
    expect(newest(state)).toEqual([expect.objectContaining({ actionType: ActionType.ContinueAsNew, input })]);
    expect(state.output).toBe('continued');
  });
});
