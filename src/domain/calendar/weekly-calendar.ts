import type { TimeSlot } from '../agreement/time-slot';
import { buildCalendarYear, type CalendarYear, type YearLayout } from './calendar-year';
import type { CompiledCalendar } from './compiled-calendar';

/** Far beyond any SLA target; only stops a runaway loop should a calendar somehow never open. */
const MAX_YEARS_SEARCHED = 1000;

/**
 * A calendar of weekly wall-clock slots with closed dates, in one zone.
 *
 * Year tables are built on first use and kept: a ticket's clocks touch one or two years, and an
 * agreement is evaluated again and again for as long as its tickets are open.
 */
export class WeeklyCalendar implements CompiledCalendar {
  private readonly years = new Map<number, CalendarYear>();
  /** The table used last: most calls land in the same year as the one before. */
  private recent: CalendarYear | undefined;

  constructor(private readonly layout: YearLayout) {
    if (!layout.slotsByWeekday.some((slots: readonly TimeSlot[]) => slots.length > 0)) {
      throw new RangeError('a weekly calendar needs at least one open slot');
    }
  }

  countedBetween(from: number, to: number): number {
    if (!(to > from)) return 0;
    const first = this.yearContaining(from);
    if (to < first.end) return first.countedUntil(to) - first.countedUntil(from);
    let counted = first.total - first.countedUntil(from);
    let year = this.yearTable(first.year + 1);
    while (to >= year.end) {
      counted += year.total;
      year = this.yearTable(year.year + 1);
    }
    return counted + year.countedUntil(to);
  }

  instantAfterCounted(from: number, amount: number): number {
    if (!(amount > 0)) return from;
    let year = this.yearContaining(from);
    let needed = year.countedUntil(from) + amount;
    for (let searched = 0; searched < MAX_YEARS_SEARCHED; searched++) {
      if (needed <= year.total) return year.instantAtCounted(needed);
      needed -= year.total;
      year = this.yearTable(year.year + 1);
    }
    throw new RangeError(`calendar stays closed for ${MAX_YEARS_SEARCHED} years`);
  }

  openIntervals(from: number, to: number): Array<readonly [number, number]> {
    const intervals: Array<readonly [number, number]> = [];
    if (!(to > from)) return intervals;
    for (let year = this.yearContaining(from); year.start < to; year = this.yearTable(year.year + 1)) {
      intervals.push(...year.openIntervals(from, to));
    }
    return intervals;
  }

  private yearContaining(t: number): CalendarYear {
    if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${t}`);
    const recent = this.recent;
    if (recent && t >= recent.start && t < recent.end) return recent;
    // The local year differs from the UTC year only within the zone's offset of New Year.
    let year = this.yearTable(new Date(t).getUTCFullYear());
    if (t < year.start) year = this.yearTable(year.year - 1);
    else if (t >= year.end) year = this.yearTable(year.year + 1);
    this.recent = year;
    return year;
  }

  private yearTable(year: number): CalendarYear {
    let table = this.years.get(year);
    if (!table) {
      table = buildCalendarYear(year, this.layout);
      this.years.set(year, table);
    }
    return table;
  }
}
