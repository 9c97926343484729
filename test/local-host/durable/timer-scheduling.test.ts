import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/ports/clock';
import { installFunctionsCoreShim } from '../../../local-host/functions-core-shim';
import { VirtualClock } from '../../../local-host/virtual-clock';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { createEngine, startOrchestration, statusOf } from './durable-test-host';

const registry = installFunctionsCoreShim();

df.app.orchestration('SleepFor', function* (context: OrchestrationContext) {
  const ms = context.df.getInput<number>();
  const due = new Date(context.df.currentUtcDateTime.getTime() + ms);
  yield context.df.createTimer(due);
  return due.toISOString();
});

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe('timer scheduling', () => {
  it('with the system clock, fires a due timer by itself', async () => {
    const { engine } = createEngine(registry, azurite.connectionString, systemClock);
    await engine.start();
    try {
      await startOrchestration(engine, 'SleepFor', 'sys-1', 300);
      // Nobody calls fireDueTimers: the engine's own scheduling must fire the timer. Waiting on real
      // time is the point here, so poll the status; the bound only keeps a broken engine from hanging
      // the run, and is generous because the machine may be busy. No duration is asserted.
      const deadline = Date.now() + 30_000;
      let status = await statusOf(engine, 'sys-1');
      while (status?.runtimeStatus !== 'Completed' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = await statusOf(engine, 'sys-1');
      }
      expect(status?.runtimeStatus).toBe('Completed');
      // "Never before its instant" is shown below on the virtual clock, without reading the wall clock.
      expect(engine.nextTimerAt()).toBeUndefined();
    } finally {
      await engine.stop();
    }
  });

  it('with a virtual clock, fires nothing before its instant — except timers already due', async () => {
    const clock = new VirtualClock(new Date('2031-01-01T00:00:00Z'));
    const { engine } = createEngine(registry, azurite.connectionString, clock);
    await engine.start();
    try {
      await startOrchestration(engine, 'SleepFor', 'virt-0', 0);
      expect((await statusOf(engine, 'virt-0'))?.runtimeStatus).toBe('Completed');

      await startOrchestration(engine, 'SleepFor', 'virt-1', 1);
      await engine.fireDueTimers();
      expect((await statusOf(engine, 'virt-1'))?.runtimeStatus).toBe('Running');
      clock.advance('PT0.001S');
      await engine.fireDueTimers();
      expect((await statusOf(engine, 'virt-1'))?.runtimeStatus).toBe('Completed');
    } finally {
      await engine.stop();
    }
  });
});
