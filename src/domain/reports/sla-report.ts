import type { Agreement } from '../agreement/agreement';
import { severityTargets, type SeverityTargets } from '../sla/severity-targets';
import { judgeClock, type ClockName, type ClockRecord } from '../sla/ticket-sla';
import { monthEnd, monthsBetween, monthStart, type ReportMonth } from './report-month';

/** What the report needs of a ticket (a stored ticket has all of it). */
export interface ReportTicket {
  readonly id: string;
  readonly title: string;
  /** The current severity: an assessment that changed it re-computed both clocks under it. */
  readonly severity: string;
  readonly receivedAt: string;
  readonly clocks: { readonly assess: ClockRecord; readonly resolve: ClockRecord };
  /** The agreement version the ticket was received under; absent on tickets stored before versions: 1. */
  readonly agreementVersion?: number;
  /** `maintenance` tickets (raised by schedules) run no clocks: counted, never judged. */
  readonly type?: string;
}

/** One hour-bank ledger entry, as far as the report cares. */
export interface ReportLedgerEntry {
  readonly kind: 'purchase' | 'call-off' | 'adjustment';
  /** Signed as in the ledger: call-offs negative, purchases positive. */
  readonly hours: number;
  readonly at: string;
}

export interface ClockFigures {
  readonly met: number;
  readonly breached: number;
  readonly running: number;
  /** met ÷ (met + breached); null when both are 0. */
  readonly achievement: number | null;
  /** Median counted business minutes from receipt to the clock's stop, over stopped clocks; null when none stopped. */
  readonly medianMinutes: number | null;
}

export interface SeverityFigures {
  readonly severity: string;
  readonly tickets: number;
  readonly assess: ClockFigures;
  readonly resolve: ClockFigures;
  /** Business minutes (on the severity's calendar) the resolve clocks spent paused, summed over the tickets. */
  readonly pausedMinutes: number;
}

/** A breached clock with its ticket, so a reader can go from the figure to the work. */
export interface BreachLine {
  readonly ticketId: string;
  readonly title: string;
  readonly severity: string;
  readonly clock: ClockName;
  readonly dueAt: string;
  /** When the clock stopped; absent while the breached clock still runs. */
  readonly stoppedAt?: string;
}

export interface MonthFigures {
  readonly month: ReportMonth;
  readonly hoursCalledOff: number;
  readonly hoursPurchased: number;
  readonly severities: readonly SeverityFigures[];
  readonly breaches: readonly BreachLine[];
}

export interface SlaReport {
  readonly clientId: string;
  readonly from: ReportMonth;
  readonly to: ReportMonth;
  readonly months: readonly MonthFigures[];
}

export interface SlaReportInput {
  readonly clientId: string;
  /** The client's time zone: months of receipt are its months. */
  readonly timezone: string;
  readonly from: ReportMonth;
  readonly to: ReportMonth;
  /** The instant the report is made at: a clock not stopped is judged as it stands then. */
  readonly now: number;
  /** Severity ids listed in every month (the current agreement's, in its order), tickets or not. */
  readonly severityOrder: readonly string[];
  readonly tickets: Iterable<ReportTicket>;
  /** The agreement a ticket is judged by: the version it was received under. */
  agreementOf(ticket: ReportTicket): Agreement;
  /** The time zone its calendars are read in: that version's (the time zone is part of a version). Default `timezone`. */
  timezoneOf?(ticket: ReportTicket): string;
  readonly ledger: readonly ReportLedgerEntry[];
}

interface ClockTally {
  met: number;
  breached: number;
  running: number;
  minutes: number[];
}

interface SeverityTally {
  tickets: number;
  assess: ClockTally;
  resolve: ClockTally;
  pausedMillis: number;
}

interface MonthTally {
  calledOff: number;
  purchased: number;
  severities: Map<string, SeverityTally>;
  breaches: BreachLine[];
}

const MINUTE = 60_000;
const clockNames: readonly ClockName[] = ['assess', 'resolve'];

/**
 * SLA compliance by month of receipt (client time zone) and severity (docs/product-spec.md §6).
 *
 * Each covered ticket's two clocks are judged at `now` exactly as the ticket view judges them
 * (`judgeClock`): `breached` once the due instant passed without a stop (stopped since or not),
 * `met` when stopped in time, otherwise `running` (a paused clock is still running for the report).
 * Uncovered tickets count in `tickets` but have no clocks. Tickets received outside the months asked
 * for are ignored, so a caller may hand over a generous range.
 */
export function buildSlaReport(input: SlaReportInput): SlaReport {
  const months = monthsBetween(input.from, input.to);
  const tallies = new Map<ReportMonth, MonthTally>(
    months.map((m) => [m, { calledOff: 0, purchased: 0, severities: new Map(), breaches: [] }]),
  );
  const start = monthStart(input.from, input.timezone);
  const end = monthEnd(input.to, input.timezone);
  const plans = new PlanCache();
  // Month boundaries once, so placing an instant is a few comparisons, not a time-zone conversion.
  const starts = months.map((m) => monthStart(m, input.timezone));
  const monthAt = (instant: number): MonthTally | undefined => {
    if (!(instant >= start && instant < end)) return undefined;
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > instant) i--;
    return tallies.get(months[i]!);
  };

  for (const ticket of input.tickets) {
    const month = monthAt(Date.parse(ticket.receivedAt));
    if (!month) continue;
    const tally = severityTally(month, ticket.severity);
    tally.tickets += 1;
    const plan =
      ticket.type === 'maintenance'
        ? null
        : plans.get(input.agreementOf(ticket), input.timezoneOf?.(ticket) ?? input.timezone, ticket.severity);
    if (!plan) continue;
    for (const clock of clockNames) {
      const judged = judgeClock(plan.calendar, plan.targets[clock].millis, ticket.clocks[clock], input.now, clock);
      const clockTally = tally[clock];
      if (judged.status === 'met' || judged.status === 'breached') {
        clockTally[judged.status] += 1;
        // Counted up to the stop; a breached clock still running has no stop (and no minutes) yet.
        if (judged.stop !== undefined) clockTally.minutes.push(judged.counted / MINUTE);
      } else clockTally.running += 1;
      if (judged.status === 'breached') {
        month.breaches.push({
          ticketId: ticket.id,
          title: ticket.title,
          severity: ticket.severity,
          clock,
          dueAt: new Date(judged.due).toISOString(),
          ...(judged.stop !== undefined ? { stoppedAt: new Date(judged.stop).toISOString() } : {}),
        });
      }
      // Paused business time up to the stop (or now while the clock runs).
      const until = judged.stop ?? input.now;
      for (const pause of judged.pauses)
        tally.pausedMillis += plan.calendar.countedBetween(pause.from, Math.min(pause.to, until));
    }
  }

  for (const entry of input.ledger) {
    const month = monthAt(Date.parse(entry.at));
    if (!month) continue;
    if (entry.kind === 'call-off') month.calledOff += Math.abs(entry.hours);
    else if (entry.kind === 'purchase') month.purchased += entry.hours;
  }

  return {
    clientId: input.clientId,
    from: input.from,
    to: input.to,
    months: months.map((month) => {
      const tally = tallies.get(month)!;
      return {
        month,
        hoursCalledOff: roundHours(tally.calledOff),
        hoursPurchased: roundHours(tally.purchased),
        severities: severityIds(input.severityOrder, tally).map((severity) =>
          severityFigures(severity, tally.severities.get(severity)),
        ),
        breaches: tally.breaches,
      };
    }),
  };
}

function severityTally(month: MonthTally, severity: string): SeverityTally {
  let tally = month.severities.get(severity);
  if (!tally) {
    tally = { tickets: 0, assess: emptyClock(), resolve: emptyClock(), pausedMillis: 0 };
    month.severities.set(severity, tally);
  }
  return tally;
}

const emptyClock = (): ClockTally => ({ met: 0, breached: 0, running: 0, minutes: [] });

/** The agreement's severities in its order, then any a ticket carries from an older version. */
function severityIds(order: readonly string[], tally: MonthTally): string[] {
  const extra = [...tally.severities.keys()].filter((id) => !order.includes(id)).sort();
  return [...order, ...extra];
}

function severityFigures(severity: string, tally: SeverityTally | undefined): SeverityFigures {
  const t = tally ?? { tickets: 0, assess: emptyClock(), resolve: emptyClock(), pausedMillis: 0 };
  return {
    severity,
    tickets: t.tickets,
    assess: clockFigures(t.assess),
    resolve: clockFigures(t.resolve),
    pausedMinutes: roundMinutes(t.pausedMillis / MINUTE),
  };
}

function clockFigures(tally: ClockTally): ClockFigures {
  const judged = tally.met + tally.breached;
  return {
    met: tally.met,
    breached: tally.breached,
    running: tally.running,
    achievement: judged === 0 ? null : tally.met / judged,
    medianMinutes: median(tally.minutes),
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return roundMinutes(value);
}

const roundMinutes = (minutes: number): number => Math.round(minutes * 10) / 10;
const roundHours = (hours: number): number => Math.round(hours * 100) / 100;

/**
 * Compiled targets per agreement (version) and severity: a year of tickets shares a handful of
 * calendars. A severity the agreement does not know (a broken record) is treated as uncovered
 * rather than failing the whole report.
 */
class PlanCache {
  readonly #plans = new WeakMap<Agreement, Map<string, SeverityTargets | null>>();

  get(agreement: Agreement, timezone: string, severity: string): SeverityTargets | null {
    let bySeverity = this.#plans.get(agreement);
    if (!bySeverity) {
      bySeverity = new Map();
      this.#plans.set(agreement, bySeverity);
    }
    const key = `${timezone}|${severity}`;
    if (!bySeverity.has(key)) {
      const known = agreement.severities.some((s) => s.id === severity);
      bySeverity.set(key, known ? severityTargets(agreement, timezone, severity) : null);
    }
    return bySeverity.get(key) ?? null;
  }
}
