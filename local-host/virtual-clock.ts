import { DateTime, Duration } from 'luxon';
import type { Clock } from '../src/ports/clock';

/** Raised when the virtual clock is asked to go backwards or by something that is not a duration. */
export class ClockMoveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockMoveError';
  }
}

/**
 * The local host's clock when `SUPPORTDESK_CLOCK=virtual`: it stands still until moved, and only
 * forwards, so SLA timers can be tested without waiting (durable timers already fired cannot un-fire).
 */
export class VirtualClock implements Clock {
  #now: number;

  constructor(start: Date) {
    if (Number.isNaN(start.getTime())) throw new ClockMoveError('The start instant is not a valid date.');
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(instant: Date): void {
    const target = instant.getTime();
    if (Number.isNaN(target)) throw new ClockMoveError('The instant is not a valid date.');
    if (target < this.#now) {
      throw new ClockMoveError(
        `The clock cannot move backwards (from ${this.now().toISOString()} to ${instant.toISOString()}).`,
      );
    }
    this.#now = target;
  }

  /** Moves forward by an ISO-8601 duration such as `PT4H` or `P1DT30M` (calendar arithmetic in UTC). */
  advance(isoDuration: string): void {
    this.set(addIsoDuration(this.now(), isoDuration));
  }
}

/** `instant` plus an ISO-8601 duration; rejects malformed and negative durations. */
export function addIsoDuration(instant: Date, isoDuration: string): Date {
  const duration = Duration.fromISO(isoDuration);
  if (!duration.isValid) throw new ClockMoveError(`"${isoDuration}" is not an ISO-8601 duration (e.g. PT4H, P1DT30M).`);
  // Calendar arithmetic in UTC, so P1M is a calendar month and P1D is 24 hours.
  const target = DateTime.fromJSDate(instant, { zone: 'utc' }).plus(duration).toJSDate();
  if (target.getTime() < instant.getTime())
    throw new ClockMoveError(`The clock cannot move backwards (duration ${isoDuration}).`);
  return target;
}
