/**
 * A calendar compiled for one time zone: the only thing the SLA clocks need.
 *
 * All instants are epoch milliseconds; counted amounts are milliseconds of open time. Open
 * intervals are half-open `[start, end)`, yet an instant equal to a slot's end is where counting
 * can finish (product spec: a target can fall due at the end of a slot).
 */
export interface CompiledCalendar {
  /** Open time in `[from, to)`; 0 when `to <= from`. */
  countedBetween(from: number, to: number): number;
  /**
   * The earliest instant `t >= from` with `countedBetween(from, t) === amount`. For a positive
   * amount it lies inside an open interval or at its end; `from` outside open hours is held over to
   * the next open instant.
   */
  instantAfterCounted(from: number, amount: number): number;
  /** The open intervals overlapping `[from, to)`, clipped to it, in order. */
  openIntervals(from: number, to: number): Array<readonly [number, number]>;
}
