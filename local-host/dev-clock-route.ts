import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { bearerIs } from './admin-bearer';
import { fieldError, writeJson, writeProblem, type ProblemFieldError } from './host-responses';
import type { LocalDurableEngine } from './durable/local-durable-engine';
import { addIsoDuration, ClockMoveError, type VirtualClock } from './virtual-clock';

export const devClockPath = '/api/dev/clock';

/** What the route needs from the engine. */
export type TimerDriver = Pick<LocalDurableEngine, 'fireDueTimers' | 'settled' | 'nextTimerAt'>;

const bodySchema = z
  .object({
    now: z.iso
      .datetime({ offset: true, message: 'must be an ISO-8601 instant with an offset, e.g. 2025-03-03T09:00:00Z' })
      .optional(),
    advance: z.string().min(1, 'must be an ISO-8601 duration, e.g. PT4H').optional(),
  })
  .strict()
  .refine((b) => (b.now === undefined) !== (b.advance === undefined), {
    message: 'give exactly one of "now" or "advance"',
  });

/** Clock moves are done one at a time, so two callers cannot interleave their timer firing. */
const moving = new WeakMap<VirtualClock, Promise<unknown>>();

/**
 * The longest single move: a year and a day covers every SLA scenario (annual calendars, leap years);
 * anything longer is a typo or an attack that would fire years of timers at once.
 */
export const maxClockMoveMs = 366 * 24 * 3_600_000;

/**
 * A host route for the gateway: answers `GET`/`POST /api/dev/clock` (admin key only), leaves every
 * other path alone.
 */
export function devClockRoute(clock: VirtualClock, engine: TimerDriver, adminKey: string) {
  return async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> => {
    if (new URL(req.url ?? '/', 'http://local').pathname !== devClockPath) return false;
    if (!bearerIs(req, adminKey)) {
      writeProblem(res, 401, 'Unauthorized', 'The dev clock needs the admin key as `Authorization: Bearer <key>`.');
      return true;
    }
    await handleDevClock(req, res, body, clock, engine);
    return true;
  };
}

/**
 * `GET` → `{ now }`. `POST { "now": iso }` or `{ "advance": "PT4H" }` moves the virtual clock forward
 * stepwise: to each pending timer's instant in turn (so each fires at its own time, in order, and the
 * timers its orchestration sets next are honoured too), then to the target; it answers once all the
 * work this caused has settled, so the caller can assert right away.
 */
export async function handleDevClock(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  clock: VirtualClock,
  engine: TimerDriver,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET') return writeJson(res, 200, { now: clock.now().toISOString() });
  if (method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return writeProblem(res, 405, 'Method not allowed', 'Use GET to read the clock or POST to move it.');
  }
  const parsed = parseBody(body);
  if (!parsed.ok)
    return writeProblem(
      res,
      400,
      'Invalid request',
      'The body must be { "now": iso } or { "advance": duration }.',
      parsed.errors,
    );
  const previous = moving.get(clock) ?? Promise.resolve();
  const move = previous.then(() => moveClock(clock, engine, parsed.value));
  moving.set(
    clock,
    move.catch(() => undefined),
  );
  const result = await move;
  if (!result.ok)
    return writeProblem(res, 400, 'Invalid clock move', result.error.message, [
      fieldError(result.path, result.error.message),
    ]);
  writeJson(res, 200, { now: clock.now().toISOString() });
}

type Move = { readonly now: string } | { readonly advance: string };

function parseBody(body: Buffer): { ok: true; value: Move } | { ok: false; errors: ProblemFieldError[] } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, errors: [fieldError('', 'must be a JSON object')] };
  }
  const result = bodySchema.safeParse(json);
  if (!result.success) {
    return { ok: false, errors: result.error.issues.map((i) => fieldError(pointer(i.path), i.message)) };
  }
  const { now, advance } = result.data;
  return { ok: true, value: now !== undefined ? { now } : { advance: advance ?? '' } };
}

const pointer = (path: readonly PropertyKey[]): string =>
  path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

async function moveClock(
  clock: VirtualClock,
  engine: TimerDriver,
  move: Move,
): Promise<{ ok: true } | { ok: false; error: Error; path: string }> {
  const path = 'now' in move ? '/now' : '/advance';
  let target: Date;
  try {
    target = 'now' in move ? new Date(move.now) : addIsoDuration(clock.now(), move.advance);
    if (target.getTime() < clock.now().getTime()) {
      throw new ClockMoveError(
        `The clock cannot move backwards (from ${clock.now().toISOString()} to ${target.toISOString()}).`,
      );
    }
    if (Number.isNaN(target.getTime()) || target.getTime() - clock.now().getTime() > maxClockMoveMs) {
      throw new ClockMoveError(
        `The clock moves at most 366 days at a time (asked: from ${clock.now().toISOString()} to ${target.toISOString()}).`,
      );
    }
  } catch (error) {
    if (error instanceof ClockMoveError) return { ok: false, error, path };
    throw error;
  }
  await engine.settled();
  for (let next = engine.nextTimerAt(); next && next.getTime() <= target.getTime(); next = engine.nextTimerAt()) {
    if (next.getTime() > clock.now().getTime()) clock.set(next);
    await engine.fireDueTimers();
  }
  clock.set(target);
  await engine.fireDueTimers();
  return { ok: true };
}
