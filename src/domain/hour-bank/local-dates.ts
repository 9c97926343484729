import { DateTime } from 'luxon';

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate() ?? '';
}

export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/**
 * The instants bounding whole local days `from`…`to` (both inclusive) in a time zone: `from` at its
 * local midnight, `to` at the next day's, as ISO-8601 UTC strings comparable with stored `at` values.
 */
export function localDayRange(timezone: string, from?: string, to?: string): { from?: string; to?: string } {
  const start = (date: string) => DateTime.fromISO(date, { zone: timezone }).startOf('day');
  return {
    ...(from ? { from: start(from).toUTC().toISO() ?? undefined } : {}),
    ...(to ? { to: start(to).plus({ days: 1 }).toUTC().toISO() ?? undefined } : {}),
  };
}
