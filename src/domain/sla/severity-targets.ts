import type { Agreement } from '../agreement/agreement';
import { targetDurationMillis } from '../agreement/iso-duration';
import { compileCalendar } from '../calendar/compile-calendar';
import type { CompiledCalendar } from '../calendar/compiled-calendar';

export type ClockName = 'assess' | 'resolve';

export interface ClockTarget {
  /** As written in the agreement. */
  readonly iso: string;
  readonly millis: number;
}

/** What a covered severity's clocks run on. */
export interface SeverityTargets {
  readonly calendar: CompiledCalendar;
  readonly targets: Readonly<Record<ClockName, ClockTarget>>;
}

/** The calendar and targets of a severity, or null when the agreement does not cover it. */
export function severityTargets(agreement: Agreement, timezone: string, severityId: string): SeverityTargets | null {
  const severity = agreement.severities.find((candidate) => candidate.id === severityId);
  if (!severity) throw new RangeError(`severity "${severityId}" is not in the agreement`);
  if (!severity.covered) return null;
  const { calendar: calendarId, assessWithin, resolveWithin } = severity;
  const definition = calendarId === undefined ? undefined : agreement.calendars[calendarId];
  // The schema guarantees all three; a hand-built agreement that skipped it is a programming error.
  if (!definition || assessWithin === undefined || resolveWithin === undefined) {
    throw new RangeError(`covered severity "${severityId}" lacks a known calendar or its targets`);
  }
  return {
    calendar: compileCalendar(definition, timezone),
    targets: {
      assess: { iso: assessWithin, millis: targetDurationMillis(assessWithin) },
      resolve: { iso: resolveWithin, millis: targetDurationMillis(resolveWithin) },
    },
  };
}
