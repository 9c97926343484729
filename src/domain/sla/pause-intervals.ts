import type { CompiledCalendar } from '../calendar/compiled-calendar';

/** A pause as instants; `to` is `Infinity` while the pause is open and nothing closes it. */
export interface PauseInterval {
  readonly from: number;
  readonly to: number;
}

/**
 * Pauses clipped to the clock's start, without empty ones, sorted and merged, so that overlapping
 * or duplicated records never subtract the same time twice.
 */
export function normalizePauses(start: number, pauses: readonly PauseInterval[]): PauseInterval[] {
  const clipped = pauses
    .map((pause) => ({ from: Math.max(start, pause.from), to: pause.to }))
    .filter((pause) => pause.to > pause.from)
    .sort((a, b) => a.from - b.from);
  const merged: PauseInterval[] = [];
  for (const pause of clipped) {
    const last = merged[merged.length - 1];
    if (last && pause.from <= last.to) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, pause.to) };
    else merged.push(pause);
  }
  return merged;
}

/** Counted time in `[start, at)` outside the (normalised) pauses. */
export function countedOutsidePauses(
  calendar: CompiledCalendar,
  start: number,
  at: number,
  pauses: readonly PauseInterval[],
): number {
  let counted = calendar.countedBetween(start, at);
  for (const pause of pauses) {
    if (pause.from >= at) break;
    counted -= calendar.countedBetween(pause.from, Math.min(pause.to, at));
  }
  return Math.max(0, counted);
}

/**
 * The earliest instant at which `amount` has been counted since `start` outside the (normalised)
 * pauses, or null when an open-ended pause begins before that.
 *
 * Each gap between pauses costs one calendar lookup, so a pause of counted length P moves the
 * result by exactly P counted time, wherever the pause starts or ends.
 */
export function instantAfterCountedOutsidePauses(
  calendar: CompiledCalendar,
  start: number,
  amount: number,
  pauses: readonly PauseInterval[],
): number | null {
  let cursor = start;
  let remaining = amount;
  for (const pause of pauses) {
    if (pause.from > cursor) {
      const available = calendar.countedBetween(cursor, pause.from);
      if (available >= remaining) return calendar.instantAfterCounted(cursor, remaining);
      remaining -= available;
    }
    cursor = Math.max(cursor, pause.to);
    if (cursor === Infinity) return null;
  }
  return calendar.instantAfterCounted(cursor, remaining);
}
