import type { Timer } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { FunctionRegistry } from '../../local-host/functions-core-shim';
import { TimerTriggerRunner } from '../../local-host/timer-trigger-runner';
import { systemClock } from '../../src/ports/clock';

class ManualClock {
  #now = Date.parse('2026-11-24T10:00:10Z');
  now = () => new Date(this.#now);
  advance(ms: number): void {
    this.#now += ms;
  }
}

function timers(
  entries: Record<string, { schedule: string; runOnStartup?: boolean; fail?: boolean }>,
  calls: { name: string; timer: Timer }[],
): FunctionRegistry {
  const registry = new FunctionRegistry();
  for (const [name, { schedule, runOnStartup, fail }] of Object.entries(entries)) {
    registry.add({
      name,
      bindings: {},
      triggerName: 'timer',
      trigger: { type: 'timerTrigger', direction: 'in', schedule, ...(runOnStartup ? { runOnStartup } : {}) },
      handler: (timer: unknown) => {
        calls.push({ name, timer: timer as Timer });
        return fail ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
    });
  }
  return registry;
}

describe('timer trigger runner', () => {
  it('on a virtual clock fires only when asked, once per due timer, with the host’s Timer object', async () => {
    const calls: { name: string; timer: Timer }[] = [];
    const clock = new ManualClock();
    const runner = new TimerTriggerRunner({
      registry: timers({ sweep: { schedule: '0 * * * * *' }, retry: { schedule: '%RETRY_SCHEDULE%' } }, calls),
      clock,
      automatic: false,
      env: { RETRY_SCHEDULE: '30 * * * * *' },
      log: () => undefined,
    });
    runner.start();
    expect(runner.schedule()).toEqual({ sweep: '2026-11-24T10:01:00.000Z', retry: '2026-11-24T10:00:30.000Z' });
    await runner.fireDue(clock.now());
    expect(calls).toEqual([]);

    clock.advance(20_000);
    await runner.fireDue(clock.now());
    expect(calls.map((c) => c.name)).toEqual(['retry']);
    expect(calls[0]!.timer).toMatchObject({ isPastDue: false, scheduleStatus: { next: '2026-11-24T10:01:30.000Z' } });

    // Ten minutes at once: each timer fires once, late, and is next due after now.
    clock.advance(10 * 60_000);
    await runner.fireDue(clock.now());
    expect(calls.map((c) => c.name)).toEqual(['retry', 'sweep', 'retry']);
    expect(calls[1]!.timer.isPastDue).toBe(true);
    expect(runner.schedule()).toEqual({ sweep: '2026-11-24T10:11:00.000Z', retry: '2026-11-24T10:11:30.000Z' });
    await runner.stop();
  });

  it('keeps a failing timer on its schedule and reports the failure', async () => {
    const calls: { name: string; timer: Timer }[] = [];
    const logged: string[] = [];
    const clock = new ManualClock();
    const runner = new TimerTriggerRunner({
      registry: timers({ flaky: { schedule: '0 * * * * *', fail: true } }, calls),
      clock,
      automatic: false,
      log: (l) => logged.push(l),
    });
    runner.start();
    clock.advance(60_000);
    await runner.fireDue(clock.now());
    clock.advance(60_000);
    await runner.fireDue(clock.now());
    expect(calls).toHaveLength(2);
    expect(logged.filter((l) => l.includes('timer flaky failed: boom'))).toHaveLength(2);
  });

  it('refuses a schedule taken from a setting that is not set', () => {
    const runner = new TimerTriggerRunner({
      registry: timers({ t: { schedule: '%NOPE%' } }, []),
      clock: new ManualClock(),
      automatic: false,
      env: {},
      log: () => undefined,
    });
    expect(() => runner.start()).toThrow(/NOPE/);
  });

  it('on the system clock fires by itself, and runs runOnStartup timers at once', async () => {
    const calls: { name: string; timer: Timer }[] = [];
    const runner = new TimerTriggerRunner({
      registry: timers(
        { everySecond: { schedule: '* * * * * *' }, startup: { schedule: '0 0 0 1 1 *', runOnStartup: true } },
        calls,
      ),
      clock: systemClock,
      automatic: true,
      log: () => undefined,
    });
    runner.start();
    const deadline = Date.now() + 10_000;
    while (calls.filter((c) => c.name === 'everySecond').length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await runner.stop();
    expect(calls.filter((c) => c.name === 'everySecond').length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c.name === 'startup')).toHaveLength(1);
  });
});
