import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFunctionsCoreShim } from '../../../local-host/functions-core-shim';
import type { LocalDurableEngine } from '../../../local-host/durable/local-durable-engine';
import { VirtualClock } from '../../../local-host/virtual-clock';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { createEngine, raiseEvent, startOrchestration, statusOf } from './durable-test-host';

// The shim must be in place before the first registration: @azure/functions remembers whether it found a host.
const registry = installFunctionsCoreShim();

const calls = new Map<string, number>();
const count = (key: string): number => calls.get(key) ?? 0;
const bump = (key: string): void => void calls.set(key, count(key) + 1);
const addMs = (d: Date, ms: number): Date => new Date(d.getTime() + ms);
const hour = 3_600_000;

df.app.activity('Record', {
  handler: (input: string) => {
    bump(`Record:${input}`);
    return `done:${input}`;
  },
});

df.app.activity('Flaky', {
  handler: (input: { key: string; failures: number }) => {
    bump(`Flaky:${input.key}`);
    if (count(`Flaky:${input.key}`) <= input.failures) throw new Error(`attempt ${count(`Flaky:${input.key}`)} failed`);
    return count(`Flaky:${input.key}`);
  },
});

df.app.orchestration('TimerThenActivity', function* (context: OrchestrationContext) {
  bump('TimerThenActivity:replays');
  const startedAt = context.df.currentUtcDateTime.toISOString();
  yield context.df.createTimer(addMs(context.df.currentUtcDateTime, hour));
  const firedAt = context.df.currentUtcDateTime.toISOString();
  const result: unknown = yield context.df.callActivity('Record', context.df.instanceId);
  return { startedAt, firedAt, result };
});

/** Durable's approval pattern: the event and a deadline race, the loser timer is cancelled. */
df.app.orchestration('EventOrDeadline', function* (context: OrchestrationContext) {
  const deadline = context.df.createTimer(addMs(context.df.currentUtcDateTime, hour));
  const approval = context.df.waitForExternalEvent('approve');
  const winner: unknown = yield context.df.Task.any([deadline, approval]);
  if (winner === approval) {
    deadline.cancel();
    return { outcome: 'approved', by: approval.result };
  }
  return { outcome: 'timed out' };
});

/** Raised before the orchestrator waits for it: the extension keeps it until a waiter appears. */
df.app.orchestration('LateWaiter', function* (context: OrchestrationContext) {
  yield context.df.createTimer(addMs(context.df.currentUtcDateTime, 10 * 60_000));
  const payload: unknown = yield context.df.waitForExternalEvent('early');
  return payload;
});

/** The eternal pattern the SLA clocks use: Task.any → cancel the losing timer → continueAsNew. */
df.app.orchestration('Eternal', function* (context: OrchestrationContext) {
  const state = context.df.getInput<{ count: number; seen: unknown[] } | undefined>() ?? { count: 0, seen: [] };
  context.df.setCustomStatus({ count: state.count });
  const timeout = context.df.createTimer(addMs(context.df.currentUtcDateTime, hour));
  const bumped = context.df.waitForExternalEvent('bump');
  const winner: unknown = yield context.df.Task.any([timeout, bumped]);
  if (winner === bumped) {
    timeout.cancel();
    const next = { count: state.count + 1, seen: [...state.seen, bumped.result] };
    if (next.count >= 3) return next;
    context.df.continueAsNew(next);
    return undefined;
  }
  return { ...state, timedOutAt: context.df.currentUtcDateTime.toISOString() };
});

/** durable-js issue #577's shape: an activity, then Task.any(timer, event) without cancelling, then continueAsNew. */
df.app.orchestration('QueuePoller', function* (context: OrchestrationContext) {
  const response: unknown = yield context.df.callActivity('Record', 'pop');
  if (response === 'done:pop') {
    const timeout = context.df.createTimer(addMs(context.df.currentUtcDateTime, 5 * hour));
    const hasQueue = context.df.waitForExternalEvent('has_queue');
    yield context.df.Task.any([timeout, hasQueue]);
  }
  context.df.continueAsNew(undefined);
  return undefined;
});

df.app.orchestration('ClockReader', function* (context: OrchestrationContext) {
  const seen = [context.df.currentUtcDateTime.toISOString()];
  yield context.df.createTimer(addMs(context.df.currentUtcDateTime, 2 * hour));
  seen.push(context.df.currentUtcDateTime.toISOString());
  return seen;
});

df.app.orchestration('Retrying', function* (context: OrchestrationContext) {
  const input = context.df.getInput<{ key: string; failures: number; attempts: number }>();
  try {
    const attempt: unknown = yield context.df.callActivityWithRetry(
      'Flaky',
      new df.RetryOptions(60_000, input.attempts),
      input,
    );
    return { attempt };
  } catch (error) {
    return { gaveUp: (error as Error).message };
  }
});

df.app.orchestration('FanOut', function* (context: OrchestrationContext) {
  const names = context.df.getInput<string[]>();
  const results: unknown = yield context.df.Task.all(names.map((n) => context.df.callActivity('Record', n)));
  return results;
});

/** Changes what it asks for between replays — the determinism rule Durable enforces. */
let driftToTimer = false;
df.app.orchestration('Drifts', function* (context: OrchestrationContext) {
  if (driftToTimer) yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + hour));
  else yield context.df.callActivity('Record', 'drift');
  yield context.df.waitForExternalEvent('next');
  return 'unreachable';
});

df.app.orchestration('CallsChild', function* (context: OrchestrationContext) {
  yield context.df.callSubOrchestrator('TimerThenActivity');
  return 'unreachable';
});

df.app.orchestration('Throws', function* (context: OrchestrationContext) {
  yield context.df.callActivity('Record', 'before-throw');
  throw new Error('the orchestrator gave up');
});

let azurite: RunningAzurite;
let clock: VirtualClock;
let engine: LocalDurableEngine;
const start = new Date('2030-01-07T09:00:00.000Z');

/** Moves the virtual clock to `instant` and fires what fell due, as the dev clock route does stepwise. */
async function moveTo(instant: Date): Promise<void> {
  for (let next = engine.nextTimerAt(); next && next <= instant; next = engine.nextTimerAt()) {
    if (next > clock.now()) clock.set(next);
    await engine.fireDueTimers();
  }
  clock.set(instant);
  await engine.fireDueTimers();
}

beforeAll(async () => {
  azurite = await startAzurite();
  clock = new VirtualClock(start);
  engine = createEngine(registry, azurite.connectionString, clock).engine;
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await azurite?.stop();
});

describe('local durable engine, through durable-functions replay', () => {
  it('fires a durable timer at its instant and calls the following activity once across replays', async () => {
    expect(await startOrchestration(engine, 'TimerThenActivity', 'timer-1')).toBe(202);
    expect((await statusOf(engine, 'timer-1'))?.runtimeStatus).toBe('Running');
    expect(engine.nextTimerAt()?.toISOString()).toBe(addMs(start, hour).toISOString());

    await moveTo(addMs(clock.now(), hour - 1));
    expect((await statusOf(engine, 'timer-1'))?.runtimeStatus).toBe('Running');

    await moveTo(addMs(start, hour));
    const status = await statusOf(engine, 'timer-1');
    expect(status?.runtimeStatus).toBe('Completed');
    expect(status?.output).toEqual({
      startedAt: start.toISOString(),
      firedAt: addMs(start, hour).toISOString(),
      result: 'done:timer-1',
    });
    expect(count('Record:timer-1')).toBe(1);
    // Started, timer fired, activity completed: three replays of the same code, one activity call.
    expect(count('TimerThenActivity:replays')).toBe(3);
  });

  it('lets an external event win a Task.any against a timer, and cancels the timer', async () => {
    await startOrchestration(engine, 'EventOrDeadline', 'approve-1');
    expect(engine.nextTimerAt()).toBeDefined();
    expect(await raiseEvent(engine, 'approve-1', 'approve', { by: 'lead@example.com' })).toBe(202);
    await engine.settled();
    const status = await statusOf(engine, 'approve-1');
    expect(status?.runtimeStatus).toBe('Completed');
    expect(status?.output).toEqual({ outcome: 'approved', by: { by: 'lead@example.com' } });
    expect(engine.nextTimerAt()).toBeUndefined();
  });

  it('lets the timer win when no event comes', async () => {
    await startOrchestration(engine, 'EventOrDeadline', 'approve-2');
    await moveTo(addMs(clock.now(), hour));
    expect((await statusOf(engine, 'approve-2'))?.output).toEqual({ outcome: 'timed out' });
    expect(await raiseEvent(engine, 'approve-2', 'approve', {})).toBe(410);
  });

  it('keeps an event raised before the orchestrator waits for it', async () => {
    await startOrchestration(engine, 'LateWaiter', 'late-1');
    await raiseEvent(engine, 'late-1', 'early', 'got it');
    await engine.settled();
    expect((await statusOf(engine, 'late-1'))?.runtimeStatus).toBe('Running');
    await moveTo(addMs(clock.now(), 10 * 60_000));
    const status = await statusOf(engine, 'late-1');
    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: 'got it' });
  });

  it('supports Task.any → cancel the losing timer → continueAsNew, delivering each event to one execution', async () => {
    await startOrchestration(engine, 'Eternal', 'eternal-1', { count: 0, seen: [] });
    await moveTo(addMs(clock.now(), 30 * 60_000));
    await raiseEvent(engine, 'eternal-1', 'bump', 'first');
    await engine.settled();
    let status = await statusOf(engine, 'eternal-1');
    expect(status).toMatchObject({
      runtimeStatus: 'Running',
      input: { count: 1, seen: ['first'] },
      customStatus: { count: 1 },
    });

    // The first execution's timer (due 60 min after its start) was cancelled; reaching that instant fires nothing.
    await moveTo(addMs(clock.now(), 30 * 60_000));
    expect((await statusOf(engine, 'eternal-1'))?.runtimeStatus).toBe('Running');

    // Two events raised back to back: each reaches exactly one execution, none is replayed into the next.
    await raiseEvent(engine, 'eternal-1', 'bump', 'second');
    await raiseEvent(engine, 'eternal-1', 'bump', 'third');
    await engine.settled();
    status = await statusOf(engine, 'eternal-1');
    expect(status).toMatchObject({
      runtimeStatus: 'Completed',
      output: { count: 3, seen: ['first', 'second', 'third'] },
    });
    expect(engine.nextTimerAt()).toBeUndefined();
  });

  it('times out a continued-as-new execution on its own timer', async () => {
    await startOrchestration(engine, 'Eternal', 'eternal-2', { count: 0, seen: [] });
    await raiseEvent(engine, 'eternal-2', 'bump', 'only');
    await engine.settled();
    const restartedAt = clock.now();
    await moveTo(addMs(restartedAt, hour));
    const status = await statusOf(engine, 'eternal-2');
    expect(status).toMatchObject({
      runtimeStatus: 'Completed',
      output: { count: 1, seen: ['only'], timedOutAt: addMs(restartedAt, hour).toISOString() },
    });
  });

  it('never lets a timer of an earlier execution complete a task of the next one (durable-js #577)', async () => {
    const t0 = clock.now();
    const pops = count('Record:pop');
    await startOrchestration(engine, 'QueuePoller', 'poller-1');
    expect(count('Record:pop')).toBe(pops + 1);
    await moveTo(addMs(t0, hour));
    await raiseEvent(engine, 'poller-1', 'has_queue');
    await engine.settled();
    // Second execution: same sequence numbers (activity 0, timer 1) as the first, whose timer was not cancelled.
    expect(count('Record:pop')).toBe(pops + 2);
    await moveTo(addMs(t0, 5 * hour));
    expect(count('Record:pop')).toBe(pops + 2);
    await moveTo(addMs(t0, 6 * hour));
    expect(count('Record:pop')).toBe(pops + 3);
    expect((await statusOf(engine, 'poller-1'))?.runtimeStatus).toBe('Running');
  });

  it('gives the orchestrator the virtual time as context.df.currentUtcDateTime', async () => {
    const startedAt = clock.now();
    await startOrchestration(engine, 'ClockReader', 'clock-1');
    await moveTo(addMs(startedAt, 3 * hour));
    expect((await statusOf(engine, 'clock-1'))?.output).toEqual([
      startedAt.toISOString(),
      addMs(startedAt, 2 * hour).toISOString(),
    ]);
  });

  it('retries a failing activity after its retry interval, on the virtual clock', async () => {
    await startOrchestration(engine, 'Retrying', 'retry-1', { key: 'r1', failures: 2, attempts: 3 });
    expect(count('Flaky:r1')).toBe(1);
    expect(engine.nextTimerAt()?.getTime()).toBe(clock.now().getTime() + 60_000);
    await moveTo(addMs(clock.now(), 60_000));
    expect(count('Flaky:r1')).toBe(2);
    await moveTo(addMs(clock.now(), 60_000));
    expect(count('Flaky:r1')).toBe(3);
    expect((await statusOf(engine, 'retry-1'))?.output).toEqual({ attempt: 3 });
  });

  it('gives up after the last attempt and surfaces the activity error to the orchestrator', async () => {
    await startOrchestration(engine, 'Retrying', 'retry-2', { key: 'r2', failures: 5, attempts: 2 });
    await moveTo(addMs(clock.now(), 10 * 60_000));
    expect(count('Flaky:r2')).toBe(2);
    const status = await statusOf(engine, 'retry-2');
    expect(status?.runtimeStatus).toBe('Completed');
    expect(String((status?.output as { gaveUp: string }).gaveUp)).toContain('attempt 2 failed');
  });

  it('fans out with Task.all and returns the results in order', async () => {
    await startOrchestration(engine, 'FanOut', 'fan-1', ['f1', 'f2', 'f3']);
    expect(await statusOf(engine, 'fan-1')).toMatchObject({
      runtimeStatus: 'Completed',
      output: ['done:f1', 'done:f2', 'done:f3'],
    });
    expect([count('Record:f1'), count('Record:f2'), count('Record:f3')]).toEqual([1, 1, 1]);
  });

  it('fails an orchestration whose replay no longer matches its history', async () => {
    await startOrchestration(engine, 'Drifts', 'drift-1');
    expect((await statusOf(engine, 'drift-1'))?.runtimeStatus).toBe('Running');
    driftToTimer = true;
    await raiseEvent(engine, 'drift-1', 'next');
    await engine.settled();
    const status = await statusOf(engine, 'drift-1');
    expect(status?.runtimeStatus).toBe('Failed');
    expect(String(status?.output)).toMatch(/Non-deterministic/);
  });

  it('fails, with a clear message, an orchestration using what the engine does not support', async () => {
    await startOrchestration(engine, 'CallsChild', 'child-1');
    const status = await statusOf(engine, 'child-1');
    expect(status?.runtimeStatus).toBe('Failed');
    expect(String(status?.output)).toMatch(/CallSubOrchestrator is not supported by the local durable engine/);
  });

  it('marks an orchestrator that throws as Failed with its message', async () => {
    await startOrchestration(engine, 'Throws', 'throws-1');
    const status = await statusOf(engine, 'throws-1');
    expect(status?.runtimeStatus).toBe('Failed');
    expect(String(status?.output)).toContain('the orchestrator gave up');
  });
});
