import type { CompiledCalendar } from './compiled-calendar';

/** `24x7`: counts real elapsed time, so DST days are 23 or 25 counted hours and there are no holidays. */
export class AlwaysOpenCalendar implements CompiledCalendar {
  countedBetween(from: number, to: number): number {
    return Math.max(0, to - from);
  }

  instantAfterCounted(from: number, amount: number): number {
    return from + Math.max(0, amount);
  }

  openIntervals(from: number, to: number): Array<readonly [number, number]> {
    return to > from ? [[from, to]] : [];
  }
}
