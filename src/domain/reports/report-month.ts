import { DateTime } from 'luxon';

/** A calendar month as `YYYY-MM`, in a client's time zone when it bounds instants. */
export type ReportMonth = string;

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isReportMonth(text: string): boolean {
  return monthPattern.test(text);
}

function parts(month: ReportMonth): { year: number; month: number } {
  const match = monthPattern.exec(month);
  if (!match) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** How many months `from`..`to` spans, both included (0 or less when `to` is before `from`). */
export function monthCount(from: ReportMonth, to: ReportMonth): number {
  const a = parts(from);
  const b = parts(to);
  return (b.year - a.year) * 12 + (b.month - a.month) + 1;
}

/** Every month from `from` to `to`, both included, in order. */
export function monthsBetween(from: ReportMonth, to: ReportMonth): ReportMonth[] {
  const start = parts(from);
  const months: ReportMonth[] = [];
  for (let i = 0; i < monthCount(from, to); i++) {
    const index = start.year * 12 + (start.month - 1) + i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/** The first instant (epoch ms) of a month in a time zone: local midnight of its 1st. */
export function monthStart(month: ReportMonth, timezone: string): number {
  const { year, month: m } = parts(month);
  return DateTime.fromObject({ year, month: m, day: 1 }, { zone: timezone }).toMillis();
}

/** The first instant after a month in a time zone. */
export function monthEnd(month: ReportMonth, timezone: string): number {
  const { year, month: m } = parts(month);
  return DateTime.fromObject({ year, month: m, day: 1 }, { zone: timezone }).plus({ months: 1 }).toMillis();
}

/** The month an instant falls in, in a time zone. */
export function monthOf(instant: number, timezone: string): ReportMonth {
  return DateTime.fromMillis(instant, { zone: timezone }).toFormat('yyyy-MM');
}

/**
 * The month whose report is due at an instant in a time zone: the previous month while it is the
 * 1st or 2nd there (the mail goes out on the 1st; the 2nd is room for retries), otherwise none.
 * Judging by the client's own date means a run at 00:00 UTC never reports October to a New York
 * client for whom it is still 30 November.
 */
export function reportMonthDue(instant: number, timezone: string): ReportMonth | undefined {
  const local = DateTime.fromMillis(instant, { zone: timezone });
  return local.day <= 2 ? local.minus({ months: 1 }).toFormat('yyyy-MM') : undefined;
}
