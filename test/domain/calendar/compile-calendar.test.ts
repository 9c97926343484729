import { describe, expect, it } from 'vitest';
import { calendarSchema } from '../../../src/domain/agreement/agreement';
import { compileCalendar } from '../../../src/domain/calendar/compile-calendar';
import { HOUR, MINUTE, alwaysOpen, at, calendarOf, isoOf, londonOffice, newYorkLunchBreak } from './calendar-fixtures';

const intervalsOn = (calendar: ReturnType<typeof londonOffice>, from: string, to: string) =>
  calendar.openIntervals(at(from), at(to)).map(([start, end]) => [isoOf(start), isoOf(end)]);

describe('compiled calendars', () => {
  it('opens weekday slots in local time and closes weekends and bank holidays', () => {
    // Mon 21 Dec .. Wed 30 Dec 2026 in London (GMT): Christmas Day, the Saturday Boxing Day and its
    // Monday substitute leave Mon–Thu 21–24 and Tue–Wed 29–30 open.
    expect(intervalsOn(londonOffice(), '2026-12-21T00:00:00Z', '2026-12-31T00:00:00Z')).toEqual(
      ['21', '22', '23', '24', '29', '30'].map((day) => [
        `2026-12-${day}T09:00:00.000Z`,
        `2026-12-${day}T17:30:00.000Z`,
      ]),
    );
  });

  it('keeps slots at wall-clock times across BST', () => {
    expect(intervalsOn(londonOffice(), '2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z')).toEqual([
      ['2026-07-01T08:00:00.000Z', '2026-07-01T16:30:00.000Z'],
    ]);
  });

  it('honours lunch breaks, added closures and US holidays', () => {
    const calendar = newYorkLunchBreak();
    // Thu 26 Nov 2026 is Thanksgiving, Fri 27 Nov added by hand; Mon 30 Nov is an ordinary day (EST).
    expect(intervalsOn(calendar, '2026-11-26T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual([
      ['2026-11-30T14:00:00.000Z', '2026-11-30T17:30:00.000Z'],
      ['2026-11-30T18:30:00.000Z', '2026-11-30T23:00:00.000Z'],
    ]);
  });

  it('opens a removed holiday with the normal slots of its weekday', () => {
    const calendar = calendarOf(
      {
        weekly: { mon: ['09:00-17:30'], sat: ['10:00-12:00'] },
        holidays: { country: 'GB', region: 'ENG', remove: ['2026-12-28', '2026-12-26'] },
      },
      'Europe/London',
    );
    expect(intervalsOn(calendar, '2026-12-26T00:00:00Z', '2026-12-29T00:00:00Z')).toEqual([
      ['2026-12-26T10:00:00.000Z', '2026-12-26T12:00:00.000Z'],
      ['2026-12-28T09:00:00.000Z', '2026-12-28T17:30:00.000Z'],
    ]);
  });

  it('ends a 24:00 slot at the next local midnight, joined to a slot starting there', () => {
    const calendar = calendarOf({ weekly: { fri: ['22:00-24:00'], sat: ['00:00-02:00'] } }, 'Europe/London');
    // Fri 3 Jul 2026 22:00 BST to Sat 02:00 BST is one four-hour interval.
    expect(intervalsOn(calendar, '2026-07-03T00:00:00Z', '2026-07-05T00:00:00Z')).toEqual([
      ['2026-07-03T21:00:00.000Z', '2026-07-04T01:00:00.000Z'],
    ]);
  });

  it.each([
    // London 29 Mar 2026: wall clock 00:30–03:00 exists only as 00:30–01:00 GMT and 02:00–03:00 BST.
    ['Europe/London', '2026-03-29', ['00:30-03:00'], 1.5 * HOUR],
    // The part of a slot inside the skipped hour does not exist; a slot wholly inside it is empty.
    ['Europe/London', '2026-03-29', ['01:10-01:50'], 0],
    ['Europe/London', '2026-03-29', ['09:00-17:30'], 8.5 * HOUR],
    // London 25 Oct 2026: 00:00 BST until 03:00 GMT is four real hours.
    ['Europe/London', '2026-10-25', ['00:00-03:00'], 4 * HOUR],
    ['Europe/London', '2026-10-25', ['09:00-17:30'], 8.5 * HOUR],
    // New York 8 Mar 2026: 01:00 EST to 04:00 EDT is two real hours; 02:30 does not exist.
    ['America/New_York', '2026-03-08', ['01:00-04:00'], 2 * HOUR],
    ['America/New_York', '2026-03-08', ['02:30-03:30'], 0.5 * HOUR],
    // New York 1 Nov 2026: from the first 01:30 (EDT) until 02:00 EST is ninety minutes.
    ['America/New_York', '2026-11-01', ['01:30-02:00'], 1.5 * HOUR],
    ['America/New_York', '2026-11-01', ['00:00-24:00'], 25 * HOUR],
  ])('%s on Sunday %s, slot %j, counts %d ms that day', (timezone, day, slots, counted) => {
    // Every case is a Sunday and the calendar opens only on Sundays, so a window of a day either
    // side holds exactly that day's slots.
    const calendar = calendarOf({ weekly: { sun: slots } }, timezone);
    const noon = at(`${day}T12:00:00Z`);
    expect(calendar.countedBetween(noon - 36 * HOUR, noon + 36 * HOUR)).toBe(counted);
  });

  it('24x7 counts real elapsed time on DST days', () => {
    const calendar = alwaysOpen('Europe/London');
    expect(calendar.countedBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T23:00:00Z'))).toBe(24 * HOUR);
    expect(calendar.instantAfterCounted(at('2026-10-24T22:00:00Z'), 4 * HOUR)).toBe(at('2026-10-25T02:00:00Z'));
  });

  it('counts across a year boundary and across several years', () => {
    const calendar = londonOffice();
    // Thu 31 Dec 2026 17:00 to Mon 4 Jan 2027 10:00: 30 min on New Year's Eve, 1 Jan closed, 1 h on Monday.
    expect(calendar.countedBetween(at('2026-12-31T17:00:00Z'), at('2027-01-04T10:00:00Z'))).toBe(1.5 * HOUR);
    const threeYears = calendar.countedBetween(at('2026-01-01T00:00:00Z'), at('2029-01-01T00:00:00Z'));
    const byYear = [2026, 2027, 2028].reduce(
      (sum, y) => sum + calendar.countedBetween(at(`${y}-01-01T00:00:00Z`), at(`${y + 1}-01-01T00:00:00Z`)),
      0,
    );
    expect(threeYears).toBe(byYear);
    // 2026 has 261 weekdays, 8 of them bank holidays: 253 days of 8.5 hours.
    expect(calendar.countedBetween(at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toBe(253 * 8.5 * HOUR);
  });

  it('is cached by definition object and by equal definition', () => {
    const definition = calendarSchema.parse({ weekly: { mon: ['09:00-17:00'] } });
    const again = calendarSchema.parse({ weekly: { mon: ['09:00-17:00'] } });
    const compiled = compileCalendar(definition, 'Europe/London');
    expect(compileCalendar(definition, 'Europe/London')).toBe(compiled);
    expect(compileCalendar(again, 'Europe/London')).toBe(compiled);
    expect(compileCalendar(definition, 'America/New_York')).not.toBe(compiled);
  });

  it('rejects instants that are not numbers rather than looping', () => {
    expect(() => londonOffice().countedBetween(Number.NaN, at('2026-01-01T00:00:00Z'))).not.toThrow();
    expect(() => londonOffice().instantAfterCounted(Number.NaN, MINUTE)).toThrow(RangeError);
  });
});
