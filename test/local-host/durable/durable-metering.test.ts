import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterDifference, processMeter } from '../../../src/adapters/metering/counting-meter';
import { installFunctionsCoreShim } from '../../../local-host/functions-core-shim';
import { VirtualClock } from '../../../local-host/virtual-clock';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { createEngine, raiseEvent, startOrchestration, statusOf } from './durable-test-host';

const registry = installFunctionsCoreShim();
const hour = 3_600_000;
const start = new Date('2030-05-06T08:00:00.000Z');

df.app.activity('MeterEcho', { handler: (input: unknown) => input });

/** One of each billable step: a start, an activity, a timer, an external event, the end. */
df.app.orchestration('MeterShape', function* (context: OrchestrationContext) {
  yield context.df.callActivity('MeterEcho', 1);
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + hour));
  return (yield context.df.waitForExternalEvent('go')) as unknown;
});

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe('Durable metering in the local engine', () => {
  it('counts each episode and the history events the Azure backends would write and bill', async () => {
    const clock = new VirtualClock(start);
    const { engine } = createEngine(registry, azurite.connectionString, clock);
    await engine.start();
    try {
      const before = processMeter.snapshot();
      await startOrchestration(engine, 'MeterShape', 'm-1');
      clock.set(new Date(start.getTime() + hour));
      await engine.fireDueTimers();
      expect(await raiseEvent(engine, 'm-1', 'go', 'went')).toBe(202);
      await engine.settled();
      expect(await statusOf(engine, 'm-1')).toMatchObject({ runtimeStatus: 'Completed', output: 'went' });
      const counted = meterDifference(processMeter.snapshot(), before);
      // Four episodes: the start, the activity's result, the timer, the event (which ends it).
      expect(counted).toMatchObject({
        'durable.episodes': 4,
        'durable.history.ExecutionStarted': 1,
        'durable.history.TaskScheduled': 1,
        'durable.history.TaskCompleted': 1,
        'durable.history.TimerCreated': 1,
        'durable.history.TimerFired': 1,
        'durable.history.EventRaised': 1,
        'durable.history.ExecutionCompleted': 1,
        'durable.history.OrchestratorStarted': 4,
        'durable.history.OrchestratorCompleted': 4,
        'durable.historyEvents': 15,
        // Every replay is an orchestrator execution; the activity ran once.
        'functions.executions.orchestrationTrigger': 4,
        'functions.executions.activityTrigger': 1,
      });
    } finally {
      await engine.stop();
    }
  });
});
