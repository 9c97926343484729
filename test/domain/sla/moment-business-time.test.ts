import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicHolidayDates } from '../../../src/domain/calendar/public-holidays';
import { MINUTE, calendarOf } from '../calendar/calendar-fixtures';
import { configureWeekdays, momentDue } from './moment-business-time-oracle';

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Cross-check against moment-business-time on the ground both libraries share: UTC (no DST),
 * one slot Monday to Friday, closed dates, and whole-minute starts and targets (it adds time in
 * whole minutes). 60 calendars × 50 cases = 3000 due instants, from a fixed seed.
 */
describe('agrees with moment-business-time', () => {
  const weekdaysCalendar = fc
    .record({
      open: fc.integer({ min: 0, max: 22 * 60 }),
      length: fc.integer({ min: 15, max: 14 * 60 }),
      holidays: fc.uniqueArray(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }).map(day), {
        maxLength: 12,
      }),
    })
    .map(({ open, length, holidays }) => ({
      open: hhmm(open),
      close: hhmm(Math.min(open + length, 23 * 60 + 59)),
      holidays,
    }));
  const startMinute = fc.integer({ min: Date.UTC(2026, 0, 1) / MINUTE, max: Date.UTC(2026, 11, 31) / MINUTE });
  // Up to two weeks of that calendar's working time: moment walks every day, so longer targets only slow the run.
  const targetFraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

  it('identical due instants on 3000 random Monday–Friday cases in UTC', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        weekdaysCalendar,
        fc.array(fc.tuple(startMinute, targetFraction), { minLength: 50, maxLength: 50 }),
        (hours, cases) => {
          const slot = [`${hours.open}-${hours.close}`];
          const calendar = calendarOf(
            {
              weekly: { mon: slot, tue: slot, wed: slot, thu: slot, fri: slot },
              holidays: { country: 'GB', add: hours.holidays, remove: [] },
            },
            'UTC',
          );
          // GB public holidays are added to moment's list too, so both close the same dates.
          configureWeekdays(hours.open, hours.close, [...hours.holidays, ...gbHolidays]);
          const slotMinutes = minutesOf(hours.close) - minutesOf(hours.open);
          for (const [minute, fraction] of cases) {
            const start = minute * MINUTE;
            const target = 1 + Math.floor(fraction * 10 * slotMinutes);
            expect(new Date(calendar.instantAfterCounted(start, target * MINUTE)).toISOString()).toBe(
              new Date(momentDue(start, target)).toISOString(),
            );
            compared++;
          }
        },
      ),
      { seed: 4242, numRuns: 60 },
    );
    expect(compared).toBe(3000);
  });
});

/** The dates our calendar closes for `country: 'GB'`, handed to moment as plain dates: the holiday source is not under test here. */
const gbHolidays = [2026, 2027].flatMap((year) => [...publicHolidayDates('GB', undefined, year)]);
