import Holidays from 'date-holidays';
import { DAY_MS } from './wall-clock';

/**
 * Dates (`YYYY-MM-DD`) closed by public holidays of a country or region, one set per year.
 *
 * Only `type: 'public'` counts (not observances, optional or bank-only days). Substitute days are
 * ordinary entries with `substitute: true` (England 2026: Boxing Day falls on a Saturday and
 * Monday 28 December is closed). A holiday is a date: the whole local day closes, even when the
 * library gives it a start time (such as the evening before, for lunar-calendar holidays), and
 * multi-day holidays close each of their days.
 *
 * The library is slow per call, so each (country, region, year) is computed once, shared by every
 * calendar naming that region, and kept for the life of the process: a few dozen short strings
 * per year.
 */
const closedDatesCache = new Map<string, ReadonlySet<string>>();
const libraryYearCache = new Map<string, readonly string[]>();

export function publicHolidayDates(country: string, region: string | undefined, year: number): ReadonlySet<string> {
  const key = `${country}/${region ?? ''}/${year}`;
  let dates = closedDatesCache.get(key);
  if (!dates) {
    // Observed dates can belong to a neighbouring year's rules (US: Sat 1 Jan 2028 is observed on
    // Fri 31 Dec 2027), so look at both neighbours and keep what falls in this year.
    const prefix = `${year}-`;
    dates = new Set(
      [year - 1, year, year + 1]
        .flatMap((y) => libraryDates(country, region, y))
        .filter((date) => date.startsWith(prefix)),
    );
    closedDatesCache.set(key, dates);
  }
  return dates;
}

function libraryDates(country: string, region: string | undefined, year: number): readonly string[] {
  const key = `${country}/${region ?? ''}/${year}`;
  let dates = libraryYearCache.get(key);
  if (!dates) {
    const holidays = region === undefined ? new Holidays(country) : new Holidays(country, region);
    dates = holidays
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .flatMap((holiday) => {
        const first = Date.parse(`${holiday.date.slice(0, 10)}T00:00:00Z`);
        const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
        return Array.from({ length: days }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
      });
    libraryYearCache.set(key, dates);
  }
  return dates;
}
