import { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * Turns wall-clock local times of one IANA zone into instants.
 *
 * "Local millis" below are the local date and time written as if they were UTC
 * (`Date.UTC(y, m - 1, d, h, min)`), which keeps local arithmetic free of offsets.
 *
 * One rule covers every daylight-saving edge: a wall-clock time maps to the FIRST instant at which
 * the local clock reads that time or later.
 * - Skipped times (spring forward, e.g. 01:30 on the last Sunday of March in London) map to the
 *   transition instant, so a slot reaching into the gap only counts the part that exists.
 * - Repeated times (fall back) map to their first occurrence.
 * - The mapping is monotone, so a slot can shrink on a transition day but never turn inside out.
 */
export class WallClock {
  private readonly zone: IANAZone;

  constructor(timezone: string) {
    this.zone = IANAZone.create(timezone);
    if (!this.zone.isValid) throw new RangeError(`unknown time zone "${timezone}"`);
  }

  get name(): string {
    return this.zone.name;
  }

  offsetAt(instant: number): number {
    return this.zone.offset(instant) * MINUTE_MS;
  }

  /**
   * The single offset in force for the whole local day starting at `dayLocal` (and its closing
   * midnight), or undefined when a transition falls anywhere near it. Real zones never change offset
   * twice within three days, so equal offsets a day either side mean no change in between.
   */
  steadyOffsetOfDay(dayLocal: number): number | undefined {
    const before = this.offsetAt(dayLocal - DAY_MS);
    return before === this.offsetAt(dayLocal + 2 * DAY_MS) ? before : undefined;
  }

  /** The first instant at which the local clock reads `local` or later (see the class comment). */
  instantOf(local: number): number {
    const earlier = this.offsetAt(local - DAY_MS);
    const later = this.offsetAt(local + DAY_MS);
    if (earlier === later) return local - earlier;
    const underEarlier = local - earlier;
    const underLater = local - later;
    const earlierValid = this.offsetAt(underEarlier) === earlier;
    const laterValid = this.offsetAt(underLater) === later;
    if (earlierValid && laterValid) return Math.min(underEarlier, underLater);
    if (earlierValid) return underEarlier;
    if (laterValid) return underLater;
    return this.transitionBetween(Math.min(underEarlier, underLater), Math.max(underEarlier, underLater), earlier);
  }

  /** First instant in (from, to] whose offset differs from `offsetBefore`; only reached for skipped local times. */
  private transitionBetween(from: number, to: number, offsetBefore: number): number {
    let low = from;
    let high = to;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetAt(middle) === offsetBefore) low = middle;
      else high = middle;
    }
    return high;
  }
}
