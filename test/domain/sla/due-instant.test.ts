import { describe, expect, it } from 'vitest';
import type { CompiledCalendar } from '../../../src/domain/calendar/compiled-calendar';
import { instantAfterCountedOutsidePauses } from '../../../src/domain/sla/pause-intervals';
import { HOUR, alwaysOpen, at, isoOf, londonOffice, newYorkLunchBreak, sevenDays } from '../calendar/calendar-fixtures';

interface Case {
  name: string;
  calendar: () => CompiledCalendar;
  start: string;
  target: number;
  due: string;
}

/**
 * Due instants worked out by hand. Times in the comments are local; the strings are UTC.
 * London is GMT (UTC+0) until 29 Mar 2026 and from 25 Oct 2026, BST (UTC+1) between.
 * New York is EST (UTC-5) until 8 Mar 2026 and from 1 Nov 2026, EDT (UTC-4) between.
 */
const cases: Case[] = [
  // docs/product-spec.md §1.2: Tue 10 Mar 13:30 + 4 h in a 09:00–17:30 day ends exactly at 17:30, not 09:00 next day.
  {
    name: '13:30 + 4 h is due 17:30',
    calendar: londonOffice,
    start: '2026-03-10T13:30:00Z',
    target: 4 * HOUR,
    due: '2026-03-10T17:30:00.000Z',
  },
  // Mon 4 May 2026 is the Early May bank holiday: held over to Tue 09:00 BST, + 4 h = 13:00 BST.
  {
    name: 'received on a bank holiday',
    calendar: londonOffice,
    start: '2026-05-04T09:00:00Z',
    target: 4 * HOUR,
    due: '2026-05-05T12:00:00.000Z',
  },
  // Wed 11 Mar 17:30 is the slot's very end: nothing left that day, so Thu 09:00 + 1 h.
  {
    name: "received at a slot's very end",
    calendar: londonOffice,
    start: '2026-03-11T17:30:00Z',
    target: HOUR,
    due: '2026-03-12T10:00:00.000Z',
  },
  // Wed 11 Mar 07:15 is before opening: counting starts at 09:00, + 2 h = 11:00.
  {
    name: 'received before opening',
    calendar: londonOffice,
    start: '2026-03-11T07:15:00Z',
    target: 2 * HOUR,
    due: '2026-03-11T11:00:00.000Z',
  },
  // Sat 14 Mar noon: held over to Mon 16 Mar 09:00, + 4 h = 13:00.
  {
    name: 'received on a Saturday',
    calendar: londonOffice,
    start: '2026-03-14T12:00:00Z',
    target: 4 * HOUR,
    due: '2026-03-16T13:00:00.000Z',
  },
  // Thu 24 Dec 16:00: 1.5 h that day; Fri 25 Christmas, Sat 26 Boxing Day, Sun, Mon 28 the substitute
  // bank holiday; Tue 29 09:00 + 2.5 h = 11:30 (assess) and + 6.5 h = 15:30 (resolve).
  {
    name: 'Christmas 2026, 4 h',
    calendar: londonOffice,
    start: '2026-12-24T16:00:00Z',
    target: 4 * HOUR,
    due: '2026-12-29T11:30:00.000Z',
  },
  {
    name: 'Christmas 2026, 8 h',
    calendar: londonOffice,
    start: '2026-12-24T16:00:00Z',
    target: 8 * HOUR,
    due: '2026-12-29T15:30:00.000Z',
  },
  // Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr closed. Thu 2 Apr 15:00 BST: 2.5 h that
  // day, then Tue 7 Apr 09:00 BST + 5.5 h = 14:30 BST.
  {
    name: 'Easter 2026',
    calendar: londonOffice,
    start: '2026-04-02T14:00:00Z',
    target: 8 * HOUR,
    due: '2026-04-07T13:30:00.000Z',
  },
  // London spring forward (Sun 29 Mar): Fri 27 Mar 16:00 GMT, 1.5 h; Mon 30 Mar opens 09:00 BST
  // (08:00Z), + 2.5 h = 11:30 BST.
  {
    name: 'London spring DST, office',
    calendar: londonOffice,
    start: '2026-03-27T16:00:00Z',
    target: 4 * HOUR,
    due: '2026-03-30T10:30:00.000Z',
  },
  // London fall back (Sun 25 Oct): Fri 23 Oct 16:30 BST, 1 h; Mon 26 Oct 09:00 GMT + 3 h = 12:00 GMT.
  {
    name: 'London autumn DST, office',
    calendar: londonOffice,
    start: '2026-10-23T15:30:00Z',
    target: 4 * HOUR,
    due: '2026-10-26T12:00:00.000Z',
  },
  // A seven-day office: Sat 24 Oct 16:30 BST gives 1 h; the DST day itself opens 09:00 GMT, + 1 h.
  {
    name: 'London autumn DST, office open on the change day',
    calendar: () => sevenDays(['09:00-17:30'], 'Europe/London'),
    start: '2026-10-24T15:30:00Z',
    target: 2 * HOUR,
    due: '2026-10-25T10:00:00.000Z',
  },
  // Same on the spring day: Sat 28 Mar 17:00 GMT gives 0.5 h; Sun 29 Mar opens 09:00 BST (08:00Z).
  {
    name: 'London spring DST, office open on the change day',
    calendar: () => sevenDays(['09:00-17:30'], 'Europe/London'),
    start: '2026-03-28T17:00:00Z',
    target: 2 * HOUR,
    due: '2026-03-29T09:30:00.000Z',
  },
  // 24x7 across the spring change: Sat 23:30 GMT + 4 h of real time = 03:30Z (04:30 BST on the clock).
  {
    name: 'London spring DST, 24x7',
    calendar: () => alwaysOpen('Europe/London'),
    start: '2026-03-28T23:30:00Z',
    target: 4 * HOUR,
    due: '2026-03-29T03:30:00.000Z',
  },
  // 24x7 across the autumn change: Sat 23:00 BST + 4 h = 02:00Z (02:00 GMT on the clock, 3 h later).
  {
    name: 'London autumn DST, 24x7',
    calendar: () => alwaysOpen('Europe/London'),
    start: '2026-10-24T22:00:00Z',
    target: 4 * HOUR,
    due: '2026-10-25T02:00:00.000Z',
  },
  // New York spring (Sun 8 Mar): Fri 6 Mar 17:00 EST, 1 h; Mon 9 Mar 09:00 EDT (13:00Z) + 1 h.
  {
    name: 'New York spring DST, lunch-break office',
    calendar: newYorkLunchBreak,
    start: '2026-03-06T22:00:00Z',
    target: 2 * HOUR,
    due: '2026-03-09T14:00:00.000Z',
  },
  // New York autumn (Sun 1 Nov): Fri 30 Oct 17:00 EDT, 1 h; Mon 2 Nov 09:00 EST (14:00Z) + 1 h.
  {
    name: 'New York autumn DST, lunch-break office',
    calendar: newYorkLunchBreak,
    start: '2026-10-30T21:00:00Z',
    target: 2 * HOUR,
    due: '2026-11-02T15:00:00.000Z',
  },
  // 24x7 in New York: Sat 7 Mar 23:00 EST (04:00Z) + 4 h = 08:00Z, which the clock shows as 04:00 EDT.
  {
    name: 'New York spring DST, 24x7',
    calendar: () => alwaysOpen('America/New_York'),
    start: '2026-03-08T04:00:00Z',
    target: 4 * HOUR,
    due: '2026-03-08T08:00:00.000Z',
  },
  // Sat 31 Oct 23:30 EDT (03:30Z) + 4 h = 07:30Z = 02:30 EST.
  {
    name: 'New York autumn DST, 24x7',
    calendar: () => alwaysOpen('America/New_York'),
    start: '2026-11-01T03:30:00Z',
    target: 4 * HOUR,
    due: '2026-11-01T07:30:00.000Z',
  },
  // Lunch break: Tue 10 Mar 11:30 EDT + 1 h ends with the morning slot at 12:30, not at 13:30.
  {
    name: 'lunch break: due at the end of the morning slot',
    calendar: newYorkLunchBreak,
    start: '2026-03-10T15:30:00Z',
    target: HOUR,
    due: '2026-03-10T16:30:00.000Z',
  },
  // 11:30 + 2 h: 1 h to 12:30, lunch, 13:30 + 1 h = 14:30 EDT.
  {
    name: 'lunch break: spans the break',
    calendar: newYorkLunchBreak,
    start: '2026-03-10T15:30:00Z',
    target: 2 * HOUR,
    due: '2026-03-10T18:30:00.000Z',
  },
  // Received during lunch (12:45): held over to 13:30, + 30 min.
  {
    name: 'lunch break: received during lunch',
    calendar: newYorkLunchBreak,
    start: '2026-03-10T16:45:00Z',
    target: HOUR / 2,
    due: '2026-03-10T18:00:00.000Z',
  },
  // Wed 25 Nov 17:00 EST: 1 h; Thu 26 Thanksgiving and Fri 27 (added) closed; Mon 30 09:00 + 1 h.
  {
    name: 'Thanksgiving and an added closure',
    calendar: newYorkLunchBreak,
    start: '2026-11-25T22:00:00Z',
    target: 2 * HOUR,
    due: '2026-11-30T15:00:00.000Z',
  },
  // 400 h from Mon 2 Nov 2026 09:00 GMT at 8.5 h a day: 47 full days (399.5 h) + 30 min on day 48.
  // Working days: Nov 21; Dec 21 (25th and the 28th substitute closed); Jan 2027: 1st closed, 4–8
  // make 47. Day 48 is Mon 11 Jan 2027: 09:30.
  {
    name: '400 h over ten weeks and New Year',
    calendar: londonOffice,
    start: '2026-11-02T09:00:00Z',
    target: 400 * HOUR,
    due: '2027-01-11T09:30:00.000Z',
  },
  // P1W = 168 counted hours: 19 days (161.5 h) to Thu 26 Nov, then Fri 27 Nov 09:00 + 6.5 h.
  {
    name: 'one week (168 counted hours) of office time',
    calendar: londonOffice,
    start: '2026-11-02T09:00:00Z',
    target: 168 * HOUR,
    due: '2026-11-27T15:30:00.000Z',
  },
  // cat1 on 24x7: exactly 1 h / 4 h after receipt whatever the day — Christmas Day, a Sunday night.
  {
    name: 'cat1 assess on Christmas Day',
    calendar: () => alwaysOpen('Europe/London'),
    start: '2026-12-25T12:00:00Z',
    target: HOUR,
    due: '2026-12-25T13:00:00.000Z',
  },
  {
    name: 'cat1 resolve on a Sunday night',
    calendar: () => alwaysOpen('Europe/London'),
    start: '2026-07-05T22:10:00Z',
    target: 4 * HOUR,
    due: '2026-07-06T02:10:00.000Z',
  },
];

describe('due instant: hand-worked cases', () => {
  it.each(cases)('$name', ({ calendar, start, target, due }) => {
    const compiled = calendar();
    expect(isoOf(compiled.instantAfterCounted(at(start), target))).toBe(due);
    // …and the counted time from the start to it is exactly the target.
    expect(compiled.countedBetween(at(start), at(due))).toBe(target);
  });
});

describe('due instant with pauses', () => {
  const office = londonOffice();
  const start = at('2026-11-02T16:00:00Z'); // Mon 16:00 GMT; + 4 h = Tue 11:30 without pauses.
  const dueWith = (pauses: Array<[string, string]>) =>
    isoOf(
      instantAfterCountedOutsidePauses(
        office,
        start,
        4 * HOUR,
        pauses.map(([from, to]) => ({ from: at(from), to: at(to) })),
      )!,
    );

  it('a pause entirely outside open hours moves nothing', () => {
    // Mon 18:00 to Tue 08:00: closed hours only.
    expect(dueWith([['2026-11-02T18:00:00Z', '2026-11-03T08:00:00Z']])).toBe('2026-11-03T11:30:00.000Z');
  });

  it('a pause starting and ending outside open hours moves due by the open time it covers', () => {
    // Sat 31 Oct to Tue 3 Nov 08:00 would start before receipt; clipped, it covers Mon 16:00–17:30 only.
    expect(dueWith([['2026-10-31T12:00:00Z', '2026-11-03T08:00:00Z']])).toBe('2026-11-03T13:00:00.000Z');
  });

  it('a pause from inside one slot to inside the next moves due by exactly its counted length', () => {
    // Mon 17:00 to Tue 10:00 covers 30 min + 1 h of open time: 11:30 + 1.5 h = 13:00.
    expect(dueWith([['2026-11-02T17:00:00Z', '2026-11-03T10:00:00Z']])).toBe('2026-11-03T13:00:00.000Z');
  });

  it('overlapping pause records are not subtracted twice', () => {
    expect(
      dueWith([
        ['2026-11-02T17:00:00Z', '2026-11-03T10:00:00Z'],
        ['2026-11-03T08:00:00Z', '2026-11-03T09:30:00Z'],
      ]),
    ).toBe('2026-11-03T13:00:00.000Z');
  });

  it('a pause that ends the count exactly at its start keeps due there', () => {
    // Tue 11:30 is the due instant; a pause from then on changes nothing.
    expect(dueWith([['2026-11-03T11:30:00Z', '2026-11-04T11:30:00Z']])).toBe('2026-11-03T11:30:00.000Z');
  });

  it('an open-ended pause before due means no due instant yet', () => {
    expect(
      instantAfterCountedOutsidePauses(office, start, 4 * HOUR, [{ from: at('2026-11-03T10:00:00Z'), to: Infinity }]),
    ).toBeNull();
  });
});
