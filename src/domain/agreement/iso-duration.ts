import { Duration } from 'luxon';
import { z } from 'zod';

const HOUR = 3_600_000;

/**
 * An SLA target as an ISO-8601 duration (`PT4H`, `P2D`, `P1W`, `PT1H30M`).
 *
 * Targets are amounts of *counted* time, so a day is read as 24 counted hours and a week as 168,
 * whatever the calendar: `P1D` on a 09:00–17:30 calendar is 24 office hours (about three working
 * days), not "by the same time tomorrow". Months and years have no fixed length and are refused.
 */
export type TargetDurationParse = { ok: true; millis: number } | { ok: false; message: string };

export function parseTargetDuration(iso: string): TargetDurationParse {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return { ok: false, message: `"${iso}" is not an ISO-8601 duration such as PT4H or P2D` };
  const parts = duration.toObject();
  if ((parts.years ?? 0) !== 0 || (parts.quarters ?? 0) !== 0 || (parts.months ?? 0) !== 0) {
    return { ok: false, message: `"${iso}": months and years have no fixed length; use weeks, days or hours` };
  }
  const units = [parts.weeks, parts.days, parts.hours, parts.minutes, parts.seconds, parts.milliseconds];
  if (units.some((unit) => unit !== undefined && unit < 0))
    return { ok: false, message: `"${iso}" must not be negative` };
  const millis = Math.round(
    (parts.weeks ?? 0) * 168 * HOUR +
      (parts.days ?? 0) * 24 * HOUR +
      (parts.hours ?? 0) * HOUR +
      (parts.minutes ?? 0) * 60_000 +
      (parts.seconds ?? 0) * 1000 +
      (parts.milliseconds ?? 0),
  );
  if (millis <= 0) return { ok: false, message: `"${iso}" must be longer than zero` };
  return { ok: true, millis };
}

const millisCache = new Map<string, number>();

/** Counted milliseconds of a target the schema has already accepted; memoised because it is on every clock evaluation. */
export function targetDurationMillis(iso: string): number {
  const cached = millisCache.get(iso);
  if (cached !== undefined) return cached;
  const parsed = parseTargetDuration(iso);
  if (!parsed.ok) throw new RangeError(parsed.message);
  // Agreements use a handful of distinct targets; the bound only guards against unbounded input.
  if (millisCache.size >= 1024) millisCache.clear();
  millisCache.set(iso, parsed.millis);
  return parsed.millis;
}

export const targetDurationSchema = z.string().superRefine((iso, ctx) => {
  const parsed = parseTargetDuration(iso);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});
