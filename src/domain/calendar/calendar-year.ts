import type { TimeSlot } from '../agreement/time-slot';
import { DAY_MS, MINUTE_MS, type WallClock } from './wall-clock';

/**
 * Every open interval of one local calendar year, as instants, with a running total of open time.
 *
 * This is what makes the clocks' cost independent of the target: instead of walking days (or
 * skipping uniform weeks and patching the exceptions), the cumulative open time of the year is
 * precomputed once, with DST days and holidays already exact, and "how much is open until t" and
 * "when has X been open" are binary searches. A year of office hours is ~250 intervals.
 */
export class CalendarYear {
  /** `cumulative[i]` = open time of intervals `0..i-1`; one longer than `starts`. */
  private readonly cumulative: Float64Array;

  constructor(
    readonly year: number,
    /** First instant of the local year (local midnight of 1 January). */
    readonly start: number,
    /** First instant of the next local year. */
    readonly end: number,
    private readonly starts: Float64Array,
    private readonly ends: Float64Array,
  ) {
    this.cumulative = new Float64Array(starts.length + 1);
    for (let i = 0; i < starts.length; i++) {
      this.cumulative[i + 1] = this.cumulative[i]! + (ends[i]! - starts[i]!);
    }
  }

  get total(): number {
    return this.cumulative[this.starts.length]!;
  }

  /** Open time in `[this.start, t)`, for `t` within the year. */
  countedUntil(t: number): number {
    const i = this.lastIntervalStartingAtOrBefore(t);
    if (i < 0) return 0;
    return this.cumulative[i]! + Math.min(t, this.ends[i]!) - this.starts[i]!;
  }

  /** The earliest instant at which `countedUntil` reaches `counted`, for `0 < counted <= total`. */
  instantAtCounted(counted: number): number {
    // Smallest i with cumulative[i + 1] >= counted: the interval in which the amount runs out.
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle + 1]! >= counted) high = middle;
      else low = middle + 1;
    }
    return this.starts[low]! + (counted - this.cumulative[low]!);
  }

  openIntervals(from: number, to: number): Array<readonly [number, number]> {
    const intervals: Array<readonly [number, number]> = [];
    for (
      let i = Math.max(0, this.lastIntervalStartingAtOrBefore(from));
      i < this.starts.length && this.starts[i]! < to;
      i++
    ) {
      const start = Math.max(from, this.starts[i]!);
      const end = Math.min(to, this.ends[i]!);
      if (end > start) intervals.push([start, end]);
    }
    return intervals;
  }

  private lastIntervalStartingAtOrBefore(t: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.starts[middle]! <= t) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }
}

export interface YearLayout {
  readonly clock: WallClock;
  /** Slots per ISO weekday, index 0 = Monday; sorted, non-overlapping. */
  readonly slotsByWeekday: readonly (readonly TimeSlot[])[];
  /** Whether a local date (`YYYY-MM-DD`) of this year is closed all day. */
  readonly isClosed: (date: string) => boolean;
}

export function buildCalendarYear(year: number, layout: YearLayout): CalendarYear {
  const { clock, slotsByWeekday, isClosed } = layout;
  const firstDay = Date.UTC(year, 0, 1);
  const nextYear = Date.UTC(year + 1, 0, 1);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let dayLocal = firstDay; dayLocal < nextYear; dayLocal += DAY_MS) {
    const slots = slotsByWeekday[(new Date(dayLocal).getUTCDay() + 6) % 7] ?? [];
    if (slots.length === 0 || isClosed(new Date(dayLocal).toISOString().slice(0, 10))) continue;
    const steadyOffset = clock.steadyOffsetOfDay(dayLocal);
    const instantOf = (local: number) => (steadyOffset === undefined ? clock.instantOf(local) : local - steadyOffset);
    for (const slot of slots) {
      const start = instantOf(dayLocal + slot.startMinute * MINUTE_MS);
      const end = instantOf(dayLocal + slot.endMinute * MINUTE_MS);
      if (end <= start) continue; // a slot entirely inside a skipped DST hour
      const last = ends.length - 1;
      // Touching slots (…-24:00 then 00:00-… next day) become one interval.
      if (last >= 0 && ends[last] === start) ends[last] = end;
      else {
        starts.push(start);
        ends.push(end);
      }
    }
  }
  return new CalendarYear(
    year,
    clock.instantOf(firstDay),
    clock.instantOf(nextYear),
    Float64Array.from(starts),
    Float64Array.from(ends),
  );
}
