import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledCalendar } from '../../../src/domain/calendar/compiled-calendar';
import {
  countedOutsidePauses,
  instantAfterCountedOutsidePauses,
  normalizePauses,
} from '../../../src/domain/sla/pause-intervals';
import { calendarOf } from '../calendar/calendar-fixtures';
import { calendarDefinition, instant, target, zones } from './random-calendars';

/** Fixed seed: the same cases on every run, so a failure reproduces and timing stays flat. */
const settings = { seed: 20261224, numRuns: 120 };

/** One random calendar with several draws on it: compiling a calendar is the expensive part. */
const calendarWith = <T>(draws: fc.Arbitrary<T>) =>
  fc.record({
    definition: calendarDefinition,
    zone: fc.constantFrom(...zones),
    draws: fc.array(draws, { minLength: 10, maxLength: 10 }),
  });

const compile = (definition: unknown, zone: string): CompiledCalendar => calendarOf(definition, zone);

describe('due instant properties over random calendars, zones, starts and targets', () => {
  it('counted(start, due(start, T)) = T, due is the earliest such instant, and lies in a slot or at its end', () => {
    fc.assert(
      fc.property(calendarWith(fc.tuple(instant, target)), ({ definition, zone, draws }) => {
        const calendar = compile(definition, zone);
        for (const [start, amount] of draws) {
          const due = calendar.instantAfterCounted(start, amount);
          expect(calendar.countedBetween(start, due)).toBe(amount);
          expect(calendar.countedBetween(start, due - 1)).toBeLessThan(amount);
          // Inside an open interval (a, b] — at its end included.
          expect(calendar.openIntervals(due - 1, due)).toHaveLength(1);
        }
      }),
      settings,
    );
  });

  it('is monotone in the start and in the target', () => {
    fc.assert(
      fc.property(calendarWith(fc.tuple(instant, instant, target, target)), ({ definition, zone, draws }) => {
        const calendar = compile(definition, zone);
        for (const [a, b, t1, t2] of draws) {
          const [early, late] = a <= b ? [a, b] : [b, a];
          const [small, large] = t1 <= t2 ? [t1, t2] : [t2, t1];
          expect(calendar.instantAfterCounted(early, small)).toBeLessThanOrEqual(
            calendar.instantAfterCounted(late, small),
          );
          expect(calendar.instantAfterCounted(early, small)).toBeLessThanOrEqual(
            calendar.instantAfterCounted(early, large),
          );
        }
      }),
      settings,
    );
  });

  it('counted time is additive', () => {
    fc.assert(
      fc.property(calendarWith(fc.tuple(instant, instant, instant)), ({ definition, zone, draws }) => {
        const calendar = compile(definition, zone);
        for (const draw of draws) {
          const [a, b, c] = [...draw].sort((x, y) => x - y) as [number, number, number];
          expect(calendar.countedBetween(a, c)).toBe(calendar.countedBetween(a, b) + calendar.countedBetween(b, c));
        }
      }),
      settings,
    );
  });

  it('a pause of counted length P moves due by exactly P counted time', () => {
    const draw = fc.tuple(
      instant,
      target,
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 400 * 3_600_000 }),
    );
    fc.assert(
      fc.property(calendarWith(draw), ({ definition, zone, draws }) => {
        const calendar = compile(definition, zone);
        for (const [start, amount, where, length] of draws) {
          const due = calendar.instantAfterCounted(start, amount);
          // A pause starting anywhere from receipt to just before due, of any real length, in or out of hours.
          const from = start + Math.floor(where * (due - start - 1));
          if (from >= due) continue;
          const pause = { from, to: from + length };
          const paused = calendar.countedBetween(pause.from, pause.to);
          const moved = instantAfterCountedOutsidePauses(calendar, start, amount, [pause]);
          expect(moved).toBe(calendar.instantAfterCounted(start, amount + paused));
          expect(calendar.countedBetween(due, moved!)).toBe(paused);
        }
      }),
      settings,
    );
  });

  it('with any pauses, the time counted outside them up to due is the target, and due is the earliest', () => {
    const pauses = fc.array(fc.tuple(instant, fc.integer({ min: 0, max: 200 * 3_600_000 })), { maxLength: 4 });
    fc.assert(
      fc.property(calendarWith(fc.tuple(instant, target, pauses)), ({ definition, zone, draws }) => {
        const calendar = compile(definition, zone);
        for (const [start, amount, raw] of draws) {
          const normalized = normalizePauses(
            start,
            raw.map(([from, length]) => ({ from, to: from + length })),
          );
          const due = instantAfterCountedOutsidePauses(calendar, start, amount, normalized)!;
          expect(countedOutsidePauses(calendar, start, due, normalized)).toBe(amount);
          expect(countedOutsidePauses(calendar, start, due - 1, normalized)).toBeLessThan(amount);
        }
      }),
      settings,
    );
  });
});
