import { DateTime } from 'luxon';
import { RRuleTemporal } from 'rrule-temporal';
import type { CalendarDefinition } from '../agreement/calendar-definition';
import { compileCalendar } from '../calendar/compile-calendar';

/** What a schedule does with an occurrence that falls on a day the client's calendar is closed. */
export const holidayPolicies = ['keep', 'skip', 'next-working-day'] as const;
export type HolidayPolicy = (typeof holidayPolicies)[number];

/** Frequencies a maintenance schedule may use: at most one occurrence a day, so a day names an occurrence. */
export const scheduleFrequencies = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;

/** What staff send for a schedule (docs/product-spec.md §10 "Routine maintenance and health checks"). */
export interface ScheduleDefinition {
  readonly title: string;
  readonly checklist: readonly string[];
  /** RFC 5545 RRULE without DTSTART, e.g. `FREQ=MONTHLY;BYDAY=1TU`. */
  readonly rrule: string;
  /** The first occurrence's local date-time in the client's timezone, `YYYY-MM-DDTHH:mm`. */
  readonly start: string;
  /** Calendar days before an occurrence its ticket is raised. */
  readonly leadDays: number;
  readonly onHoliday: HolidayPolicy;
  readonly active: boolean;
  /** The agreement calendar whose working days and holidays `onHoliday` follows; default: the first weekly one. */
  readonly calendar?: string;
}

export interface MaintenanceSchedule extends ScheduleDefinition {
  readonly id: string;
  readonly clientId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /**
   * Occurrences at or before this instant are never raised: set when the schedule is created,
   * resumed or its rule changed, so an edit affects only what is still to come.
   */
  readonly notBefore: string;
  /** The local date of the latest occurrence raised or given up as missed; later ones are still to come. */
  readonly raisedThrough?: string;
  /** Occurrences never raised (an outage passed them), latest last; at most `maxMissedKept`. */
  readonly missed: readonly string[];
  /** Tickets raised so far by this schedule, latest last: `{ occurrence, ticketId }`, at most `maxRaisedKept`. */
  readonly raised: readonly { readonly occurrence: string; readonly ticketId: string }[];
}

export const maxMissedKept = 100;
export const maxRaisedKept = 20;

/** One occurrence after the holiday policy. */
export interface Occurrence {
  /** The local date it falls on (after `next-working-day`): one ticket per schedule and date. */
  readonly date: string;
  /** When it falls due, as an ISO instant (UTC). */
  readonly at: string;
  /** When its ticket is raised: `leadDays` calendar days earlier, same local time. */
  readonly raiseAt: string;
}

/** The client facts a schedule's occurrences depend on. */
export interface ScheduleContext {
  readonly timezone: string;
  /** The agreement's calendars: the working-day calendar is looked up here. */
  readonly calendars: Readonly<Record<string, CalendarDefinition>>;
}

const startPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Why a rule cannot be used, or undefined when it can. Only RRULE parts; the start comes from `start`. */
export function ruleProblem(rrule: string): string | undefined {
  const body = rrule.replace(/^RRULE:/i, '');
  if (/[\r\n]/.test(body) || /DTSTART|RDATE|EXDATE/i.test(body)) return 'must be one RRULE line without DTSTART';
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const [name, value] = part.split('=', 2);
    if (!name || value === undefined || value === '') return `"${part}" is not NAME=VALUE`;
    parts.set(name.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (!freq) return 'needs FREQ';
  if (!(scheduleFrequencies as readonly string[]).includes(freq))
    return `FREQ must be one of ${scheduleFrequencies.join(', ')} (a maintenance ticket is raised at most once a day)`;
  for (const name of ['BYHOUR', 'BYMINUTE', 'BYSECOND']) {
    if (parts.has(name)) return `${name} is not allowed: the time of day comes from start`;
  }
  try {
    const rule = ruleOf({ rrule: body, start: '2026-01-01T09:00' }, 'UTC');
    rule.all((_date, index) => index < 1);
  } catch (error) {
    return `is not a valid RFC 5545 rule: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

/** Why a start cannot be used, or undefined. */
export function startProblem(start: string, timezone: string): string | undefined {
  if (!startPattern.test(start)) return 'must be a local date-time YYYY-MM-DDTHH:mm';
  const local = DateTime.fromISO(start, { zone: timezone });
  if (!local.isValid) return 'is not a date-time that exists';
  return undefined;
}

/** The working-day calendar of a schedule, or why there is none. */
export function workingCalendarId(context: ScheduleContext, named?: string): string | undefined {
  if (named !== undefined) return Object.hasOwn(context.calendars, named) ? named : undefined;
  const ids = Object.keys(context.calendars);
  return ids.find((id) => context.calendars[id]?.weekly !== '24x7') ?? ids[0];
}

/** Parsed rules by text: parsing one costs about a millisecond, and a timer run meets the same rules again. */
const rules = new Map<string, RRuleTemporal>();
const maxRulesKept = 2000;

function ruleOf(definition: Pick<ScheduleDefinition, 'rrule' | 'start'>, timezone: string): RRuleTemporal {
  const body = definition.rrule.replace(/^RRULE:/i, '');
  const dtstart = definition.start.replace(/[-:]/g, '') + '00';
  const text = `DTSTART;TZID=${timezone}:${dtstart}\nRRULE:${body}`;
  let rule = rules.get(text);
  if (!rule) {
    rule = new RRuleTemporal({ rruleString: text, cache: false });
    if (rules.size >= maxRulesKept) rules.delete(rules.keys().next().value as string);
    rules.set(text, rule);
  }
  return rule;
}

/**
 * Whether a local date is a working day of a calendar: some open time that day. A `24x7` calendar is
 * open every day (its holidays are ignored, as for SLA clocks).
 */
function workingDayTest(context: ScheduleContext, calendarId: string | undefined): (date: DateTime) => boolean {
  const definition = calendarId === undefined ? undefined : context.calendars[calendarId];
  if (!definition || definition.weekly === '24x7') return () => true;
  const calendar = compileCalendar(definition, context.timezone);
  return (date) => {
    const start = date.startOf('day');
    return calendar.openIntervals(start.toMillis(), start.plus({ days: 1 }).toMillis()).length > 0;
  };
}

/** Far beyond any closure (Christmas to New Year is a week); stops a calendar that never opens. */
const maxDaysMoved = 366;
/** Occurrences looked at in one call at most: ten years of a daily rule; stops a runaway. */
const maxSteps = 3660;
/** How far before a window a rule occurrence may lie and still be moved into it by `next-working-day`. */
const moveMarginDays = 21;

/**
 * The schedule's occurrences due in `(after, until]` (epoch ms, by `at`), after the holiday policy, in
 * order, at most `limit`. Two occurrences moved onto one date are one (the first); so is an
 * occurrence moved onto a date the rule already names.
 */
export function occurrences(
  definition: ScheduleDefinition,
  context: ScheduleContext,
  after: number,
  until: number,
  limit = Infinity,
): Occurrence[] {
  const zone = context.timezone;
  const rule = ruleOf(definition, zone);
  const isWorkingDay = workingDayTest(context, workingCalendarId(context, definition.calendar));
  const margin = definition.onHoliday === 'next-working-day' ? moveMarginDays * 86_400_000 : 0;
  const found: Occurrence[] = [];
  const dates = new Set<string>();
  const from = new Date(Math.max(after - margin, -8.64e15));
  // One occurrence at a time (`next` is cheap; expanding a window of a daily rule is not), so an
  // open-ended `until` (the preview) stops as soon as `limit` are found. A moved occurrence never
  // overtakes a later one (it lands on or before the next working day the rule names): order is kept.
  let cursor = from.getTime() - 1;
  for (let steps = 0; steps < maxSteps && found.length < limit; steps++) {
    const zoned = rule.next(new Date(cursor));
    if (!zoned) break;
    const ms = Number(zoned.epochMilliseconds);
    if (ms <= cursor || ms > until) break;
    cursor = ms;
    let local = DateTime.fromMillis(ms, { zone });
    if (!isWorkingDay(local)) {
      if (definition.onHoliday === 'skip') continue;
      if (definition.onHoliday === 'next-working-day') {
        let moved = 0;
        do {
          local = local.plus({ days: 1 });
          moved++;
        } while (!isWorkingDay(local) && moved < maxDaysMoved);
        if (moved >= maxDaysMoved) continue;
      }
    }
    const at = local.toMillis();
    const date = local.toISODate() ?? '';
    if (at <= after || at > until || dates.has(date)) continue;
    dates.add(date);
    const raiseAt = local.minus({ days: definition.leadDays });
    found.push({ date, at: iso(at), raiseAt: iso(raiseAt.toMillis()) });
  }
  found.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return found.slice(0, limit);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The next `count` occurrences after `now` (the preview `GET` answers); none while paused. */
export function nextOccurrences(
  schedule: ScheduleDefinition,
  context: ScheduleContext,
  now: number,
  count = 5,
): Occurrence[] {
  if (!schedule.active) return [];
  // Ten years is past any schedule that still produces anything; COUNT/UNTIL rules end sooner.
  return occurrences(schedule, context, now, now + 3653 * 86_400_000, count);
}

/** What a timer run should do with a schedule at `now`. */
export interface DueDecision {
  /** The occurrence to raise a ticket for (the latest whose raise time has come). */
  readonly raise?: Occurrence;
  /** Older occurrences whose raise time also passed unraised (an outage): listed as missed, never raised. */
  readonly passed: readonly Occurrence[];
}

/**
 * Occurrences still to come (after `raisedThrough` and `notBefore`) whose raise time has come. Normally
 * one at a time; after an outage the latest is raised and the older ones are missed.
 */
export function dueOccurrences(schedule: MaintenanceSchedule, context: ScheduleContext, now: number): DueDecision {
  if (!schedule.active) return { passed: [] };
  const notBefore = Date.parse(schedule.notBefore);
  // Nothing due at `now` lies further ahead than leadDays (plus a day for a DST change).
  const horizon = now + (schedule.leadDays + 2) * 86_400_000;
  const due = occurrences(schedule, context, notBefore, horizon).filter(
    (o) => Date.parse(o.raiseAt) <= now && (schedule.raisedThrough === undefined || o.date > schedule.raisedThrough),
  );
  const raise = due.at(-1);
  return raise ? { raise, passed: due.slice(0, -1) } : { passed: [] };
}

/**
 * When the timer must look at the schedule again: a day before the next occurrence's raise time
 * (the margin covers a later change of the client's timezone or holidays moving it earlier).
 * `undefined` when nothing is left to raise.
 */
export function nextCheckAt(schedule: MaintenanceSchedule, context: ScheduleContext, now: number): string | undefined {
  if (!schedule.active) return undefined;
  // Past the day raised last (its local day starts at most 14 hours before the same UTC date's end),
  // and no further back than a raise time that can still be due.
  const afterRaised =
    schedule.raisedThrough === undefined
      ? -Infinity
      : Date.parse(`${schedule.raisedThrough}T00:00:00Z`) + 10 * 3_600_000;
  const after = Math.max(Date.parse(schedule.notBefore), now - (schedule.leadDays + 2) * 86_400_000, afterRaised);
  const upcoming = occurrences(schedule, context, after, after + 3653 * 86_400_000, 3).find(
    (o) => schedule.raisedThrough === undefined || o.date > schedule.raisedThrough,
  );
  return upcoming ? iso(Date.parse(upcoming.raiseAt) - 86_400_000) : undefined;
}

/** The same rule and start: an edit that leaves them keeps what was raised; a new rule starts afresh from now. */
export function sameRecurrence(a: ScheduleDefinition, b: ScheduleDefinition): boolean {
  return (
    a.rrule.replace(/^RRULE:/i, '').toUpperCase() === b.rrule.replace(/^RRULE:/i, '').toUpperCase() &&
    a.start === b.start &&
    a.onHoliday === b.onHoliday &&
    a.calendar === b.calendar &&
    a.leadDays === b.leadDays
  );
}

/**
 * The claim a schedule's ticket takes in its create transaction (`TicketStore.create`): at most one
 * ticket per schedule and occurrence date, however many timers race. Stored as the row key itself.
 */
export const occurrenceClaimKey = (scheduleId: string, date: string): string => `occ|${scheduleId}|${date}`;

/** Schedule ids: safe in a Table row key and a URL. */
export const scheduleIdPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
