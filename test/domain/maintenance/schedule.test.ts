import { describe, expect, it } from 'vitest';
import { calendarSchema } from '../../../src/domain/agreement/agreement';
import {
  dueOccurrences,
  nextCheckAt,
  nextOccurrences,
  occurrences,
  ruleProblem,
  startProblem,
  type MaintenanceSchedule,
  type ScheduleContext,
  type ScheduleDefinition,
} from '../../../src/domain/maintenance/schedule';

/** An English office: Monday to Friday, closed on English bank holidays. */
const london: ScheduleContext = {
  timezone: 'Europe/London',
  calendars: {
    office: calendarSchema.parse({
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-17:30']])),
      holidays: { country: 'GB', region: 'ENG' },
    }),
    always: calendarSchema.parse({ weekly: '24x7' }),
  },
};

const base: ScheduleDefinition = {
  title: 'Health check',
  checklist: ['Backups restored', 'Certificates valid'],
  rrule: 'FREQ=MONTHLY;BYDAY=1TU',
  start: '2026-01-06T10:00',
  leadDays: 0,
  onHoliday: 'keep',
  active: true,
};

const at = (iso: string): number => Date.parse(iso);
const between = (definition: Partial<ScheduleDefinition>, from: string, to: string, context = london) =>
  occurrences({ ...base, ...definition }, context, at(from), at(to));

describe('occurrences of a rule in the client timezone', () => {
  it('first Tuesday monthly at 10:00 Europe/London stays 10:00 local across both DST changes', () => {
    // 2026: BST from Sun 29 March 01:00Z to Sun 25 October 01:00Z. First Tuesdays: 3 Mar (GMT, so
    // 10:00Z), 7 Apr (BST, so 09:00Z), 6 Oct (still BST: 09:00Z), 3 Nov (GMT again: 10:00Z).
    const found = between({}, '2026-02-15T00:00:00Z', '2026-11-30T00:00:00Z');
    expect(found.map((o) => o.at)).toEqual([
      '2026-03-03T10:00:00.000Z',
      '2026-04-07T09:00:00.000Z',
      '2026-05-05T09:00:00.000Z',
      '2026-06-02T09:00:00.000Z',
      '2026-07-07T09:00:00.000Z',
      '2026-08-04T09:00:00.000Z',
      '2026-09-01T09:00:00.000Z',
      '2026-10-06T09:00:00.000Z',
      '2026-11-03T10:00:00.000Z',
    ]);
    expect(found.map((o) => o.date)[1]).toBe('2026-04-07');
  });

  it('an occurrence on the day the clocks change keeps its wall-clock time', () => {
    // Sundays at 10:00: 22 Mar is GMT (10:00Z); 29 Mar is the change day, 10:00 BST = 09:00Z;
    // 18 Oct BST (09:00Z); 25 Oct the change back, 10:00 GMT = 10:00Z.
    const spring = between(
      { rrule: 'FREQ=WEEKLY;BYDAY=SU', start: '2026-03-01T10:00' },
      '2026-03-21T00:00Z',
      '2026-03-30T00:00Z',
    );
    expect(spring.map((o) => o.at)).toEqual(['2026-03-22T10:00:00.000Z', '2026-03-29T09:00:00.000Z']);
    const autumn = between(
      { rrule: 'FREQ=WEEKLY;BYDAY=SU', start: '2026-03-01T10:00' },
      '2026-10-17T00:00Z',
      '2026-10-26T00:00Z',
    );
    expect(autumn.map((o) => o.at)).toEqual(['2026-10-18T09:00:00.000Z', '2026-10-25T10:00:00.000Z']);
  });

  it('leadDays counts local calendar days: a ticket 10 days ahead of 7 April BST is raised 28 March GMT, same wall time', () => {
    const [april] = between({ leadDays: 10 }, '2026-04-01T00:00Z', '2026-04-30T00:00Z');
    // 7 Apr 10:00 BST less 10 days is 28 Mar 10:00, the day before the change: GMT, so 10:00Z (not 09:00Z).
    expect(april).toEqual({ date: '2026-04-07', at: '2026-04-07T09:00:00.000Z', raiseAt: '2026-03-28T10:00:00.000Z' });
  });

  it('29 February yearly occurs only in leap years; the 31st monthly only in months that have one', () => {
    // RFC 5545: a rule naming a date that does not exist in a period produces nothing in that period.
    expect(
      between({ rrule: 'FREQ=YEARLY', start: '2028-02-29T09:00' }, '2028-01-01T00:00Z', '2037-01-01T00:00Z').map(
        (o) => o.date,
      ),
    ).toEqual(['2028-02-29', '2032-02-29', '2036-02-29']);
    // 2027: January, March, May, July, August have a 31st; February, April and June do not.
    expect(
      between(
        { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31', start: '2027-01-31T09:00' },
        '2027-01-01T00:00Z',
        '2027-09-01T00:00Z',
      ).map((o) => o.date),
    ).toEqual(['2027-01-31', '2027-03-31', '2027-05-31', '2027-07-31', '2027-08-31']);
  });

  it('next-working-day moves a Christmas occurrence past the bank holidays and the weekend, on the client calendar', () => {
    // England 2026: Christmas Fri 25 Dec, Boxing Day Sat 26 Dec with its substitute Mon 28 Dec. The
    // next working day after the 25th is Tue 29 Dec, same wall time (09:00 GMT = 09:00Z).
    const monthly = between(
      { rrule: 'FREQ=MONTHLY;BYMONTHDAY=25', start: '2026-11-25T09:00', onHoliday: 'next-working-day' },
      '2026-11-01T00:00Z',
      '2027-01-31T00:00Z',
    );
    expect(monthly.map((o) => o.at)).toEqual([
      '2026-11-25T09:00:00.000Z',
      '2026-12-29T09:00:00.000Z',
      '2027-01-25T09:00:00.000Z',
    ]);
    // Daily: 25–28 Dec all move to the 29th, which is an occurrence itself: one ticket that day. New
    // Year's Day (Fri 1 Jan 2027) and the weekend after move to Mon 4 Jan.
    const daily = between(
      { rrule: 'FREQ=DAILY', start: '2026-12-20T09:00', onHoliday: 'next-working-day' },
      '2026-12-23T00:00Z',
      '2027-01-05T00:00Z',
    );
    expect(daily.map((o) => o.date)).toEqual([
      '2026-12-23',
      '2026-12-24',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-04',
    ]);
  });

  it('next-working-day moves a last-Monday check off the late May and August bank holidays', () => {
    // 2027: the late May bank holiday is Mon 31 May, the summer one Mon 30 Aug; both are the last
    // Mondays of their months, so the checks move to the Tuesdays (09:00 BST = 08:00Z).
    const found = between(
      { rrule: 'FREQ=MONTHLY;BYDAY=-1MO', start: '2027-04-26T09:00', onHoliday: 'next-working-day' },
      '2027-05-01T00:00Z',
      '2027-09-30T00:00Z',
    );
    expect(found.map((o) => o.at)).toEqual([
      '2027-06-01T08:00:00.000Z',
      '2027-06-28T08:00:00.000Z',
      '2027-07-26T08:00:00.000Z',
      '2027-08-31T08:00:00.000Z',
      '2027-09-27T08:00:00.000Z',
    ]);
  });

  it('skip drops an occurrence on a holiday (Easter Monday 2027, 29 March) and keep leaves it', () => {
    const weekly = { rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '2027-03-15T09:00' } as const;
    const skip = between({ ...weekly, onHoliday: 'skip' }, '2027-03-14T00:00Z', '2027-04-13T00:00Z');
    expect(skip.map((o) => o.date)).toEqual(['2027-03-15', '2027-03-22', '2027-04-05', '2027-04-12']);
    const keep = between({ ...weekly, onHoliday: 'keep' }, '2027-03-14T00:00Z', '2027-04-13T00:00Z');
    expect(keep.map((o) => o.date)).toEqual(['2027-03-15', '2027-03-22', '2027-03-29', '2027-04-05', '2027-04-12']);
  });

  it('a 24x7 calendar has no holidays to avoid', () => {
    const found = between(
      { rrule: 'FREQ=YEARLY', start: '2026-12-25T09:00', onHoliday: 'skip', calendar: 'always' },
      '2026-01-01T00:00Z',
      '2027-01-01T00:00Z',
    );
    expect(found.map((o) => o.date)).toEqual(['2026-12-25']);
  });

  it('previews the next five occurrences, none while paused', () => {
    const next = nextOccurrences(base, london, at('2026-05-06T00:00:00Z'));
    expect(next.map((o) => o.date)).toEqual(['2026-06-02', '2026-07-07', '2026-08-04', '2026-09-01', '2026-10-06']);
    expect(nextOccurrences({ ...base, active: false }, london, at('2026-05-06T00:00:00Z'))).toEqual([]);
  });
});

describe('which occurrence a timer run raises', () => {
  const schedule = (over: Partial<MaintenanceSchedule> = {}): MaintenanceSchedule => ({
    ...base,
    leadDays: 3,
    id: 'health',
    clientId: 'acme',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'lead@desk.example',
    notBefore: '2026-01-01T00:00:00.000Z',
    missed: [],
    raised: [],
    ...over,
  });

  it('raises an occurrence leadDays ahead, and nothing before that', () => {
    // 3 Feb 10:00Z less 3 days: 31 Jan 10:00Z.
    expect(
      dueOccurrences(schedule({ raisedThrough: '2026-01-06' }), london, at('2026-01-31T09:59:00Z')).raise,
    ).toBeUndefined();
    expect(
      dueOccurrences(schedule({ raisedThrough: '2026-01-06' }), london, at('2026-01-31T10:00:00Z')).raise?.date,
    ).toBe('2026-02-03');
  });

  it('after an outage raises only the latest occurrence due and hands back the older ones as passed', () => {
    // Raised through 6 Jan; the timer next runs on 8 Apr: 3 Feb, 3 Mar and 7 Apr have all come due.
    const decision = dueOccurrences(schedule({ raisedThrough: '2026-01-06' }), london, at('2026-04-08T00:00:00Z'));
    expect(decision.raise?.date).toBe('2026-04-07');
    expect(decision.passed.map((o) => o.date)).toEqual(['2026-02-03', '2026-03-03']);
  });

  it('never raises what is already raised, nor anything at or before notBefore, nor anything while paused', () => {
    expect(
      dueOccurrences(schedule({ raisedThrough: '2026-02-03' }), london, at('2026-02-04T00:00:00Z')).raise,
    ).toBeUndefined();
    expect(
      dueOccurrences(schedule({ notBefore: '2026-02-03T10:00:00.000Z' }), london, at('2026-02-04T00:00:00Z')).raise,
    ).toBeUndefined();
    expect(dueOccurrences(schedule({ active: false }), london, at('2026-02-04T00:00:00Z')).raise).toBeUndefined();
  });

  it('asks to be looked at a day before the next raise time', () => {
    // Next after 6 Jan is 3 Feb 10:00Z, raised 31 Jan 10:00Z; looked at from 30 Jan 10:00Z.
    expect(nextCheckAt(schedule({ raisedThrough: '2026-01-06' }), london, at('2026-01-07T00:00:00Z'))).toBe(
      '2026-01-30T10:00:00.000Z',
    );
    expect(nextCheckAt(schedule({ active: false }), london, at('2026-01-07T00:00:00Z'))).toBeUndefined();
    // A COUNT that is used up leaves nothing to look at.
    expect(
      nextCheckAt(
        schedule({ rrule: 'FREQ=MONTHLY;BYDAY=1TU;COUNT=1', raisedThrough: '2026-01-06' }),
        london,
        at('2026-01-07T00:00:00Z'),
      ),
    ).toBeUndefined();
  });
});

describe('what a schedule may say', () => {
  it('accepts daily to yearly rules and refuses sub-daily ones, times in the rule, and nonsense', () => {
    expect(ruleProblem('FREQ=MONTHLY;BYDAY=1TU')).toBeUndefined();
    expect(ruleProblem('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH')).toBeUndefined();
    expect(ruleProblem('FREQ=HOURLY')).toMatch(/FREQ must be one of/);
    expect(ruleProblem('FREQ=DAILY;BYHOUR=9,17')).toMatch(/BYHOUR is not allowed/);
    expect(ruleProblem('BYDAY=MO')).toMatch(/needs FREQ/);
    expect(ruleProblem('FREQ=MONTHLY;BYDAY=XX')).toMatch(/not a valid RFC 5545 rule/);
    expect(ruleProblem('FREQ=DAILY\nDTSTART:20260101T000000Z')).toMatch(/without DTSTART/);
  });

  it('needs a local start that exists', () => {
    expect(startProblem('2026-01-06T10:00', 'Europe/London')).toBeUndefined();
    expect(startProblem('2026-02-30T10:00', 'Europe/London')).toMatch(/exists/);
    expect(startProblem('2026-01-06 10:00', 'Europe/London')).toMatch(/YYYY-MM-DDTHH:mm/);
  });
});
