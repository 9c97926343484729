import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFunctionsCoreShim } from '../../../local-host/functions-core-shim';
import { timerFired } from '../../../local-host/durable/history-events';
import { inboxKeys, InstanceStore } from '../../../local-host/durable/instance-store';
import { VirtualClock } from '../../../local-host/virtual-clock';
import { startAzurite, startAzuriteOnDisk, tempDataDir, type RunningAzurite } from '../../support/azurite';
import { createEngine, startOrchestration, statusOf, uniqueTaskHub } from './durable-test-host';

const registry = installFunctionsCoreShim();

const calls = new Map<string, number>();
const count = (key: string): number => calls.get(key) ?? 0;
const bump = (key: string): void => void calls.set(key, count(key) + 1);
const hour = 3_600_000;
const start = new Date('2030-03-04T08:00:00.000Z');
const at = (ms: number): Date => new Date(start.getTime() + ms);

/** Lets a test hold an activity "in flight" and learn when it has begun. */
function gate() {
  let open!: () => void;
  let started!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const begun = new Promise<void>((resolve) => (started = resolve));
  return { open, opened, started, begun };
}
const gates = new Map<string, ReturnType<typeof gate>>();

df.app.activity('AfterTimer', { handler: (id: string) => (bump(`after:${id}`), id) });
df.app.activity('Quick', { handler: () => (bump('quick'), 'quick') });
df.app.activity('Held', {
  handler: async (key: string) => {
    bump(`held:${key}`);
    const g = gates.get(key);
    if (g && count(`held:${key}`) === 1) {
      g.started();
      await g.opened;
    }
    return `held:${key}`;
  },
});

df.app.orchestration('WaitAnHour', function* (context: OrchestrationContext) {
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + hour));
  const result: unknown = yield context.df.callActivity('AfterTimer', context.df.instanceId);
  return result;
});

df.app.orchestration('QuickOne', function* (context: OrchestrationContext) {
  bump('quick-replays');
  const result: unknown = yield context.df.callActivity('Quick');
  return result;
});

df.app.orchestration('HoldsActivity', function* (context: OrchestrationContext) {
  const result: unknown = yield context.df.callActivity('Held', context.df.getInput());
  return result;
});

describe('local durable engine across restarts', () => {
  it('fires a timer scheduled before the restart exactly once, and does not re-run a finished instance', async () => {
    const data = tempDataDir('durable-restart-');
    const hub = uniqueTaskHub('restart');
    let azurite: RunningAzurite | undefined = await startAzuriteOnDisk(data.dir);
    try {
      const a = createEngine(registry, azurite.connectionString, new VirtualClock(start), { taskHub: hub }).engine;
      await a.start();
      await startOrchestration(a, 'WaitAnHour', 'wait-1');
      await startOrchestration(a, 'QuickOne', 'quick-1');
      expect((await statusOf(a, 'quick-1'))?.runtimeStatus).toBe('Completed');
      const quickReplays = count('quick-replays');
      await a.stop();
      await azurite.stop();

      // A new host process: new Azurite on the same data folder (new ports), new engine, fresh memory.
      azurite = await startAzuriteOnDisk(data.dir);
      const clock = new VirtualClock(start);
      const b = createEngine(registry, azurite.connectionString, clock, { taskHub: hub }).engine;
      await b.start();
      await b.settled();
      expect(b.nextTimerAt()?.toISOString()).toBe(at(hour).toISOString());
      expect((await statusOf(b, 'quick-1'))?.runtimeStatus).toBe('Completed');
      expect(count('quick-replays')).toBe(quickReplays);
      expect(count('quick')).toBe(1);

      clock.set(at(hour));
      await b.fireDueTimers();
      expect(await statusOf(b, 'wait-1')).toMatchObject({ runtimeStatus: 'Completed', output: 'wait-1' });
      clock.set(at(3 * hour));
      await b.fireDueTimers();
      expect(count('after:wait-1')).toBe(1);
      await b.stop();
    } finally {
      await azurite?.stop();
      data.remove();
    }
  });

  describe('on one storage account', () => {
    let azurite: RunningAzurite;
    beforeAll(async () => {
      azurite = await startAzurite();
    });
    afterAll(async () => {
      await azurite?.stop();
    });

    it('processes a timer that fired just before a crash once, without firing it again', async () => {
      const hub = uniqueTaskHub('crash');
      const a = createEngine(registry, azurite.connectionString, new VirtualClock(start), { taskHub: hub }).engine;
      await a.start();
      await startOrchestration(a, 'WaitAnHour', 'wait-2');
      await a.stop();

      // The state a crash leaves right after the fire transaction: timer gone from the instance, TimerFired in its inbox.
      const store = new InstanceStore(azurite.connectionString, `${hub}Instances`);
      const record = (await store.read('wait-2'))!;
      const [timer] = record.timers;
      expect(timer).toBeDefined();
      await store.commit({
        record: { ...record, timers: [] },
        enqueue: [
          {
            rowKey: inboxKeys.timerFired(record.executionId, timer!.timerId),
            message: {
              kind: 'event',
              executionId: record.executionId,
              event: timerFired(at(hour), timer!.timerId, timer!.fireAt),
            },
          },
        ],
      });

      const clock = new VirtualClock(at(hour));
      const b = createEngine(registry, azurite.connectionString, clock, { taskHub: hub }).engine;
      await b.start();
      await b.settled();
      expect(b.nextTimerAt()).toBeUndefined();
      expect(await statusOf(b, 'wait-2')).toMatchObject({ runtimeStatus: 'Completed', output: 'wait-2' });
      clock.set(at(5 * hour));
      await b.fireDueTimers();
      expect(count('after:wait-2')).toBe(1);
      await b.stop();
    });

    it('does not run an activity again when its result was recorded before the host stopped', async () => {
      const hub = uniqueTaskHub('recorded');
      const g = gate();
      gates.set('recorded', g);
      const a = createEngine(registry, azurite.connectionString, new VirtualClock(start), { taskHub: hub }).engine;
      await a.start();
      const started = startOrchestration(a, 'HoldsActivity', 'held-1', 'recorded');
      await g.begun;
      // Stopping waits for the activity in flight; its result is recorded but no longer acted on.
      const stopped = a.stop();
      g.open();
      await Promise.all([started, stopped]);
      expect((await statusOf(a, 'held-1'))?.runtimeStatus).toBe('Running');

      const b = createEngine(registry, azurite.connectionString, new VirtualClock(start), { taskHub: hub }).engine;
      await b.start();
      await b.settled();
      expect(await statusOf(b, 'held-1')).toMatchObject({ runtimeStatus: 'Completed', output: 'held:recorded' });
      expect(count('held:recorded')).toBe(1);
      await b.stop();
    });

    it('runs an activity again when the host died before its result was recorded (at least once)', async () => {
      const hub = uniqueTaskHub('lost');
      const g = gate();
      gates.set('lost', g);
      const dead = createEngine(registry, azurite.connectionString, new VirtualClock(start), { taskHub: hub }).engine;
      await dead.start();
      void startOrchestration(dead, 'HoldsActivity', 'held-2', 'lost');
      await g.begun;
      // `dead` is abandoned mid-activity, as a killed process would be; a new host takes over the storage.
      const b = createEngine(registry, azurite.connectionString, new VirtualClock(start), { taskHub: hub }).engine;
      await b.start();
      await b.settled();
      expect(await statusOf(b, 'held-2')).toMatchObject({ runtimeStatus: 'Completed', output: 'held:lost' });
      expect(count('held:lost')).toBe(2);

      // The abandoned attempt finishing late records nothing new: its result key is already taken.
      g.open();
      await dead.settled();
      expect((await statusOf(b, 'held-2'))?.runtimeStatus).toBe('Completed');
      await b.stop();
    });
  });
});
