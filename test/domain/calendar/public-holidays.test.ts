import { describe, expect, it } from 'vitest';
import { publicHolidayDates } from '../../../src/domain/calendar/public-holidays';

describe('public holidays from date-holidays', () => {
  it('England 2026: only public holidays, with the Boxing Day substitute on Monday 28 December', () => {
    expect([...publicHolidayDates('GB', 'ENG', 2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03', // Good Friday
      '2026-04-06', // Easter Monday
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26', // a Saturday: closed anyway, and…
      '2026-12-28', // …the substitute bank holiday
    ]);
  });

  it('keeps an observed date that the next year rules produce (US: New Year 2028 observed Fri 31 Dec 2027)', () => {
    expect(publicHolidayDates('US', undefined, 2027).has('2027-12-31')).toBe(true);
    expect(publicHolidayDates('US', undefined, 2028).has('2027-12-31')).toBe(false);
  });

  it('computes each year once', () => {
    expect(publicHolidayDates('GB', 'ENG', 2026)).toBe(publicHolidayDates('GB', 'ENG', 2026));
  });
});
