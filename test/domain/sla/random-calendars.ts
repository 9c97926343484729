import fc from 'fast-check';
import { weekdayKeys } from '../../../src/domain/agreement/calendar-definition';
import { HOUR } from '../calendar/calendar-fixtures';

/** Zones with the awkward cases: DST at 01:00/02:00, at midnight (Santiago), 30-min DST (Lord Howe), 45-min offsets. */
export const zones = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
] as const;

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** 0–3 non-overlapping slots of one day, any minute boundaries, possibly ending at 24:00. */
const daySlots = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 0, maxLength: 6 }).map((bounds) => {
  const sorted = [...bounds].sort((a, b) => a - b);
  const slots: string[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) slots.push(`${hhmm(sorted[i]!)}-${hhmm(sorted[i + 1]!)}`);
  return slots;
});

const holidayDate = fc
  .integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

/** A calendar definition as an agreement would write it (validated by the caller). */
export const calendarDefinition = fc
  .record({
    days: fc.array(daySlots, { minLength: 7, maxLength: 7 }),
    holidays: fc.option(
      fc.record({
        region: fc.constantFrom({ country: 'GB', region: 'ENG' }, { country: 'US' }, { country: 'DE', region: 'BY' }),
        add: fc.uniqueArray(holidayDate, { maxLength: 5 }),
      }),
      { nil: undefined },
    ),
  })
  .map(({ days, holidays }) => {
    // A calendar must open somewhere in the week.
    const slots = days.some((day) => day.length > 0) ? days : [['09:00-17:00'], ...days.slice(1)];
    const weekly = Object.fromEntries(weekdayKeys.map((key, i) => [key, slots[i] ?? []]));
    return holidays ? { weekly, holidays: { ...holidays.region, add: holidays.add } } : { weekly };
  });

/** Instants from December 2025 to the end of 2027, to the millisecond. */
export const instant = fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2027, 11, 31) });

/** Targets from 1 ms to 500 counted hours. */
export const target = fc.oneof(fc.integer({ min: 1, max: 8 * HOUR }), fc.integer({ min: 1, max: 500 * HOUR }));
