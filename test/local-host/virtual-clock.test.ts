import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devClockRoute } from '../../local-host/dev-clock-route';
import { installFunctionsCoreShim } from '../../local-host/functions-core-shim';
import type { LocalDurableEngine } from '../../local-host/durable/local-durable-engine';
import { ClockMoveError, VirtualClock } from '../../local-host/virtual-clock';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { createEngine, startHttpServer, startOrchestration, statusOf } from './durable/durable-test-host';

const registry = installFunctionsCoreShim();

const start = new Date('2030-02-03T08:00:00.000Z');
const minutes = (n: number): Date => new Date(start.getTime() + n * 60_000);
const adminKey = 'dev-clock-test-admin-key-0123456789';

/** What ran when: the orchestrator's idea of now and the host clock's, per stamp. */
const stamps: { what: string; orchestratorNow: string; hostNow: string }[] = [];
let clock: VirtualClock;

df.app.activity('Stamp', {
  handler: (input: { what: string; orchestratorNow: string }) => {
    stamps.push({ ...input, hostNow: clock.now().toISOString() });
  },
});

/** Sleeps until each offset (minutes after `start`), stamping at each. */
df.app.orchestration('Sleeper', function* (context: OrchestrationContext) {
  const offsets = context.df.getInput<number[]>();
  for (const offset of offsets) {
    yield context.df.createTimer(minutes(offset));
    yield context.df.callActivity('Stamp', {
      what: `${context.df.instanceId}+${offset}`,
      orchestratorNow: context.df.currentUtcDateTime.toISOString(),
    });
  }
  return offsets.length;
});

describe('VirtualClock', () => {
  it('stands still until moved, and moves only forwards', () => {
    const c = new VirtualClock(start);
    expect(c.now().toISOString()).toBe(start.toISOString());
    c.advance('PT4H');
    expect(c.now().toISOString()).toBe(minutes(240).toISOString());
    c.set(minutes(300));
    expect(c.now().toISOString()).toBe(minutes(300).toISOString());
    expect(() => c.set(minutes(299))).toThrow(ClockMoveError);
    expect(() => c.advance('-PT1H')).toThrow(ClockMoveError);
    expect(() => c.advance('four hours')).toThrow(ClockMoveError);
    expect(c.now().toISOString()).toBe(minutes(300).toISOString());
  });

  it('adds calendar months and days in UTC', () => {
    const c = new VirtualClock(new Date('2030-01-31T12:00:00Z'));
    c.advance('P1M');
    expect(c.now().toISOString()).toBe('2030-02-28T12:00:00.000Z');
    c.advance('P1DT30M');
    expect(c.now().toISOString()).toBe('2030-03-01T12:30:00.000Z');
  });
});

describe('/api/dev/clock', () => {
  let azurite: RunningAzurite;
  let engine: LocalDurableEngine;
  let server: Awaited<ReturnType<typeof startHttpServer>>;

  beforeAll(async () => {
    azurite = await startAzurite();
    clock = new VirtualClock(start);
    engine = createEngine(registry, azurite.connectionString, clock).engine;
    server = await startHttpServer(() => [
      devClockRoute(clock, engine, adminKey),
      (req, res, body) => engine.handleHttp(req, res, body),
    ]);
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    await server?.close();
    await azurite?.stop();
  });

  const post = (body: unknown, key: string | null = adminKey) =>
    fetch(`${server.baseUrl}/api/dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers only the admin key', async () => {
    expect((await fetch(`${server.baseUrl}/api/dev/clock`)).status).toBe(401);
    expect(
      (
        await fetch(`${server.baseUrl}/api/dev/clock`, {
          headers: { authorization: 'Bearer not-the-admin-key-at-all-xxxxx' },
        })
      ).status,
    ).toBe(401);
    expect((await post({ advance: 'PT1H' }, null)).status).toBe(401);
    expect(clock.now().toISOString()).toBe(start.toISOString());
  });

  it('reads the clock', async () => {
    const res = await fetch(`${server.baseUrl}/api/dev/clock`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ now: start.toISOString() });
  });

  it('fires every timer that falls due, in order, each at its own instant, before answering', async () => {
    await startOrchestration(engine, 'Sleeper', 'a', [60, 180]);
    await startOrchestration(engine, 'Sleeper', 'b', [120, 150]);
    expect(stamps).toEqual([]);

    const res = await post({ advance: 'PT4H' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ now: minutes(240).toISOString() });
    // Answered only once everything settled: all stamps are there, in due order, each at its instant.
    expect(stamps.map((s) => s.what)).toEqual(['a+60', 'b+120', 'b+150', 'a+180']);
    for (const s of stamps) expect(s.orchestratorNow).toBe(s.hostNow);
    expect(stamps.map((s) => s.hostNow)).toEqual(
      [minutes(60), minutes(120), minutes(150), minutes(180)].map((d) => d.toISOString()),
    );
    expect((await statusOf(engine, 'a'))?.runtimeStatus).toBe('Completed');
    expect((await statusOf(engine, 'b'))?.runtimeStatus).toBe('Completed');
  });

  it('sets an absolute instant and fires what falls due up to it, not beyond', async () => {
    stamps.length = 0;
    await startOrchestration(engine, 'Sleeper', 'c', [300, 360]);
    const res = await post({ now: minutes(330).toISOString() });
    expect(res.status).toBe(200);
    expect(stamps.map((s) => s.what)).toEqual(['c+300']);
    expect((await statusOf(engine, 'c'))?.runtimeStatus).toBe('Running');
  });

  it('rejects moving backwards with a 400 problem, leaving the clock where it was', async () => {
    const res = await post({ now: start.toISOString() });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as {
      type: string;
      title: string;
      status: number;
      detail: string;
      errors: { field: string; pointer: string; message: string }[];
    };
    expect(problem).toMatchObject({ status: 400, errors: [{ field: 'now', pointer: '/now' }] });
    expect(problem.detail).toMatch(/backwards/);
    expect(clock.now().toISOString()).toBe(minutes(330).toISOString());
  });

  it('refuses absurd jumps (more than 366 days) with a 400 problem, leaving the clock where it was', async () => {
    for (const body of [{ advance: 'P1000Y' }, { advance: 'P367D' }, { now: '2999-01-01T00:00:00Z' }]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const problem = (await res.json()) as { detail: string; errors: { pointer: string }[] };
      expect(problem.detail).toMatch(/366 days/);
      expect(problem.errors[0]?.pointer).toMatch(/^\/(advance|now)$/);
    }
    expect(clock.now().toISOString()).toBe(minutes(330).toISOString());
  });

  it('rejects invalid bodies with field errors', async () => {
    const cases: [unknown, string][] = [
      ['not json', ''],
      [{ advance: 'soon' }, '/advance'],
      [{ now: 'tomorrow' }, '/now'],
      [{}, ''],
      [{ now: minutes(400).toISOString(), advance: 'PT1H' }, ''],
      [{ later: 'PT1H' }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await res.json()) as { errors: { pointer: string; message: string }[] };
      expect(
        problem.errors.map((e) => e.pointer),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect(clock.now().toISOString()).toBe(minutes(330).toISOString());
  });
});
