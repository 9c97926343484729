import type { Agreement } from '../agreement/agreement';
import type { CompiledCalendar } from '../calendar/compiled-calendar';
import { formatCountedDuration } from './counted-duration';
import {
  countedOutsidePauses,
  instantAfterCountedOutsidePauses,
  normalizePauses,
  type PauseInterval,
} from './pause-intervals';
import { severityTargets, type ClockName, type ClockTarget } from './severity-targets';

export type { ClockName } from './severity-targets';

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached' | 'not-applicable';

/** What the ticket stores per clock; instants are ISO-8601 strings. */
export interface ClockRecord {
  startedAt: string;
  pauses: { from: string; to?: string }[];
  stoppedAt?: string;
}

export interface SlaClockView {
  /** ISO duration as in the agreement; null when not applicable. */
  target: string | null;
  /** While paused: the due instant if the clock resumed at `now`. */
  dueAt: string | null;
  status: ClockStatus;
  /** Counted time at `now` (or at the stop), as ISO durations in hours. */
  elapsed?: string;
  remaining?: string;
  /** Counted time / target at `now` (or at the stop); above 1 once breached. */
  fraction?: number;
  stoppedAt?: string;
}

export interface TicketSlaInput {
  agreement: Agreement;
  timezone: string;
  severityId: string;
  /** A `maintenance` ticket (raised by a schedule) runs no clocks whatever its severity (docs/product-spec.md §10). */
  ticketType?: string;
  assess: ClockRecord;
  resolve: ClockRecord;
  now: string;
}

export interface SlaMoment {
  clock: ClockName;
  kind: 'warning' | 'breach';
  /** The `warnAt` fraction, 1 for the breach. */
  fraction: number;
  at: string;
}

const clockNames: readonly ClockName[] = ['assess', 'resolve'];

const notApplicable: SlaClockView = { target: null, dueAt: null, status: 'not-applicable' };

/**
 * Both clocks of a ticket as they stand at `now` (docs/product-spec.md §1 "SLA clocks — exact semantics").
 *
 * Clocks always run from receipt, so a severity change is simply a call with the new severity.
 * Throws RangeError for a severity the agreement lacks or an instant that does not parse.
 */
export function evaluateTicketSla(input: TicketSlaInput): { assess: SlaClockView; resolve: SlaClockView } {
  const plan =
    input.ticketType === 'maintenance' ? null : severityTargets(input.agreement, input.timezone, input.severityId);
  if (!plan) return { assess: { ...notApplicable }, resolve: { ...notApplicable } };
  const now = instant(input.now, 'now');
  return {
    assess: evaluateClock(plan.calendar, plan.targets.assess, input.assess, now, 'assess'),
    resolve: evaluateClock(plan.calendar, plan.targets.resolve, input.resolve, now, 'resolve'),
  };
}

/**
 * Every warning and breach instant of both clocks from the records as they stand, sorted by
 * instant. An open pause hides what would come after it; a stopped clock has none at or after its
 * stop. Past moments are included: the caller knows what it has already announced.
 */
export function slaMoments(input: Omit<TicketSlaInput, 'now'>): SlaMoment[] {
  const plan =
    input.ticketType === 'maintenance' ? null : severityTargets(input.agreement, input.timezone, input.severityId);
  if (!plan) return [];
  const fractions = [...new Set(input.agreement.warnAt)].sort((a, b) => a - b);
  const moments: Array<SlaMoment & { instant: number }> = [];
  for (const clock of clockNames) {
    const record = input[clock];
    const start = instant(record.startedAt, `${clock}.startedAt`);
    const stop = record.stoppedAt === undefined ? Infinity : instant(record.stoppedAt, `${clock}.stoppedAt`);
    const pauses = normalizePauses(start, pauseIntervals(record, Infinity, clock));
    const target = plan.targets[clock].millis;
    for (const fraction of [...fractions, 1]) {
      const at = instantAfterCountedOutsidePauses(plan.calendar, start, Math.round(fraction * target), pauses);
      if (at === null || at >= stop) continue;
      moments.push({ clock, kind: fraction === 1 ? 'breach' : 'warning', fraction, at: iso(at), instant: at });
    }
  }
  return moments
    .sort(
      (a, b) =>
        a.instant - b.instant || clockNames.indexOf(a.clock) - clockNames.indexOf(b.clock) || a.fraction - b.fraction,
    )
    .map(({ instant: _instant, ...moment }) => moment);
}

/** A clock judged at `now`, as instants and amounts (reports judge thousands without formatting each). */
export interface ClockJudgement {
  readonly status: ClockStatus;
  readonly due: number;
  /** Counted time from the start to the stop, or to `now` while it runs. */
  readonly counted: number;
  readonly stop: number | undefined;
  /** The pauses, normalised, open ones ending at the stop or `now`. */
  readonly pauses: readonly PauseInterval[];
}

/** One clock at `now` on an already compiled calendar. */
export function judgeClock(
  calendar: CompiledCalendar,
  targetMillis: number,
  record: ClockRecord,
  now: number,
  clock: ClockName,
): ClockJudgement {
  const start = instant(record.startedAt, `${clock}.startedAt`);
  const stop = record.stoppedAt === undefined ? undefined : instant(record.stoppedAt, `${clock}.stoppedAt`);
  // Counting ends at the stop, or now; an open pause is taken to end there, which makes `dueAt`
  // of a paused clock the due instant if it resumed now.
  const at = stop ?? now;
  const pauses = normalizePauses(start, pauseIntervals(record, at, clock));
  const due = instantAfterCountedOutsidePauses(calendar, start, targetMillis, pauses);
  // With every pause closed there is always a due instant; null would be a broken invariant.
  if (due === null) throw new Error('unreachable: no due instant with closed pauses');
  const counted = countedOutsidePauses(calendar, start, Math.max(start, at), pauses);
  return { status: clockStatus(due, now, stop, isPausedAt(record, at, clock)), due, counted, stop, pauses };
}

function evaluateClock(
  calendar: CompiledCalendar,
  target: ClockTarget,
  record: ClockRecord,
  now: number,
  clock: ClockName,
): SlaClockView {
  const { status, due, counted, stop } = judgeClock(calendar, target.millis, record, now, clock);
  const view: SlaClockView = {
    target: target.iso,
    dueAt: iso(due),
    status,
    elapsed: formatCountedDuration(counted),
    remaining: formatCountedDuration(target.millis - counted),
    fraction: counted / target.millis,
  };
  if (stop !== undefined) view.stoppedAt = iso(stop);
  return view;
}

function clockStatus(due: number, now: number, stop: number | undefined, paused: boolean): ClockStatus {
  if (stop !== undefined) return stop <= due ? 'met' : 'breached';
  if (now >= due) return 'breached';
  return paused ? 'paused' : 'running';
}

function isPausedAt(record: ClockRecord, at: number, clock: ClockName): boolean {
  return record.pauses.some((pause) => pause.to === undefined && instant(pause.from, `${clock}.pauses.from`) <= at);
}

/** Pauses as instants; open ones end at `openUntil`. */
function pauseIntervals(record: ClockRecord, openUntil: number, clock: ClockName): PauseInterval[] {
  return record.pauses.map((pause) => ({
    from: instant(pause.from, `${clock}.pauses.from`),
    to: pause.to === undefined ? openUntil : instant(pause.to, `${clock}.pauses.to`),
  }));
}

function instant(text: string, field: string): number {
  const millis = Date.parse(text);
  if (!Number.isFinite(millis)) throw new RangeError(`${field} is not an ISO-8601 instant: "${text}"`);
  return millis;
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}
