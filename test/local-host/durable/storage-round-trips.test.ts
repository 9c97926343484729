import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installFunctionsCoreShim } from '../../../local-host/functions-core-shim';
import { eventRaised } from '../../../local-host/durable/history-events';
import { inboxKeys, InstanceStore, nextSeq } from '../../../local-host/durable/instance-store';
import { VirtualClock } from '../../../local-host/virtual-clock';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { createEngine, raiseEvent, startOrchestration, statusOf, uniqueTaskHub } from './durable-test-host';
import { countStorageRequests } from './storage-request-counter';

const registry = installFunctionsCoreShim();

const hour = 3_600_000;
const start = new Date('2030-05-06T08:00:00.000Z');
const ran = new Map<string, number>();
const bump = (key: string): void => void ran.set(key, (ran.get(key) ?? 0) + 1);

/** Lets a test hold an activity in flight and learn when it has begun. */
function gate() {
  let open!: () => void;
  let started!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const begun = new Promise<void>((resolve) => (started = resolve));
  return { open, opened, started, begun };
}
const gates = new Map<string, ReturnType<typeof gate>>();

df.app.activity('Echo', { handler: (input: unknown) => input });
df.app.activity('Slow', {
  handler: async (key: string) => {
    bump(key);
    const g = gates.get(key);
    if (g) {
      g.started();
      await g.opened;
    }
    return `slow:${key}`;
  },
});

/** The SLA shape: an activity, then a timer racing an event, three times. */
df.app.orchestration('Patrol', function* (context: OrchestrationContext) {
  for (let round = 0; round < 3; round++) {
    yield context.df.callActivity('Echo', round);
    const timer = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + hour));
    const poke = context.df.waitForExternalEvent('poke');
    const winner: unknown = yield context.df.Task.any([timer, poke]);
    if (winner !== timer) timer.cancel();
  }
  return 'done';
});

df.app.orchestration('ResultAndEvent', function* (context: OrchestrationContext) {
  const work = context.df.callActivity('Slow', context.df.getInput<string>());
  const go = context.df.waitForExternalEvent('go');
  yield context.df.Task.all([work, go] as Task[]);
  return [work.result, go.result];
});

df.app.orchestration('SleepThenSlow', function* (context: OrchestrationContext) {
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + hour));
  return (yield context.df.callActivity('Slow', context.df.instanceId)) as unknown;
});

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe('storage round trips of the local durable engine', () => {
  it('reads nothing in steady state: one transaction per episode, one insert per message made durable', async () => {
    const clock = new VirtualClock(start);
    const { engine } = createEngine(registry, azurite.connectionString, clock);
    await engine.start();
    const requests = countStorageRequests(azurite.connectionString);
    try {
      const ids = ['p-1', 'p-2', 'p-3', 'p-4'];
      requests.reset();
      for (const id of ids) await startOrchestration(engine, 'Patrol', id);
      // Per instance: the create, the start episode, the activity result and its episode.
      expect(requests.counts).toEqual({ reads: 0, transactions: 3 * ids.length, writes: ids.length });

      requests.reset();
      clock.set(new Date(start.getTime() + hour));
      await engine.fireDueTimers();
      // Per instance: the timer's episode (no separate fire write), the activity result and its episode.
      expect(requests.counts).toEqual({ reads: 0, transactions: 2 * ids.length, writes: ids.length });

      requests.reset();
      for (const id of ids) expect(await raiseEvent(engine, id, 'poke', id)).toBe(202);
      await engine.settled();
      // Per instance: the event, its episode (timer cancelled), the activity result and its episode.
      expect(requests.counts).toEqual({ reads: 0, transactions: 2 * ids.length, writes: 2 * ids.length });

      requests.reset();
      clock.set(new Date(start.getTime() + 3 * hour));
      await engine.fireDueTimers();
      for (const id of ids)
        expect(await statusOf(engine, id)).toMatchObject({ runtimeStatus: 'Completed', output: 'done' });
      expect(requests.counts).toEqual({ reads: 0, transactions: ids.length, writes: 0 });
    } finally {
      requests.stop();
      await engine.stop();
    }
  });

  it('delivers an activity result and an event that wait together in one episode, after a restart', async () => {
    const hub = uniqueTaskHub('batch');
    const g = gate();
    gates.set('both', g);
    const a = createEngine(registry, azurite.connectionString, new VirtualClock(start), { taskHub: hub }).engine;
    await a.start();
    const started = startOrchestration(a, 'ResultAndEvent', 'both-1', 'both');
    await g.begun;
    // Stopping waits for the activity; its result is recorded but not acted on. An event is raised meanwhile.
    const stopped = a.stop();
    g.open();
    await Promise.all([started, stopped]);
    const store = new InstanceStore(azurite.connectionString, `${hub}Instances`);
    await store.enqueue('both-1', inboxKeys.externalEvent(nextSeq()), {
      kind: 'event',
      event: eventRaised(start, 'go', JSON.stringify('went')),
    });

    const requests = countStorageRequests(azurite.connectionString);
    const b = createEngine(registry, azurite.connectionString, new VirtualClock(start), { taskHub: hub }).engine;
    try {
      await b.start();
      await b.settled();
      expect(await statusOf(b, 'both-1')).toMatchObject({ runtimeStatus: 'Completed', output: ['slow:both', 'went'] });
      // Start-up: one scan of the table. Then a single episode took both messages.
      expect(requests.counts.reads).toBe(1);
      expect(requests.counts.transactions).toBe(1);
      expect(ran.get('both')).toBe(1);
    } finally {
      requests.stop();
      await b.stop();
    }
  });

  it('fires a timer again after a crash between its fire and its episode, and processes it once', async () => {
    const hub = uniqueTaskHub('firecrash');
    const clock = new VirtualClock(start);
    const dead = createEngine(registry, azurite.connectionString, clock, { taskHub: hub }).engine;
    await dead.start();
    await startOrchestration(dead, 'SleepThenSlow', 'sleep-1');
    // The host "dies" after the timer fell due, while its episode's transaction is on the way: it never lands.
    const hang = vi.spyOn(InstanceStore.prototype, 'commit').mockImplementation(() => new Promise(() => undefined));
    try {
      clock.set(new Date(start.getTime() + hour));
      void dead.fireDueTimers();
      await vi.waitFor(() => expect(hang).toHaveBeenCalledTimes(1));
    } finally {
      hang.mockRestore();
    }

    // Storage still lists the timer as pending: nothing was written when it fell due.
    const stored = await new InstanceStore(azurite.connectionString, `${hub}Instances`).read('sleep-1');
    expect(stored?.timers).toHaveLength(1);

    const b = createEngine(registry, azurite.connectionString, new VirtualClock(new Date(start.getTime() + hour)), {
      taskHub: hub,
    }).engine;
    await b.start();
    // Already due: it fires as the engine starts.
    await b.settled();
    expect(await statusOf(b, 'sleep-1')).toMatchObject({ runtimeStatus: 'Completed', output: 'slow:sleep-1' });
    expect(ran.get('sleep-1')).toBe(1);
    expect(b.nextTimerAt()).toBeUndefined();
    await b.stop();
  });
});
