import { DomainError } from '../domain-error';
import { domainEvent, type HourBankEvent } from '../events/event-catalogue';
import { addHours, isWholeQuarters } from './quarter-hours';

/** The agreement's hour-bank policy (`agreement.hourBank`). */
export interface HourBankPolicy {
  /** `hourbank.low-balance` fires when the balance falls below this. */
  readonly lowBalanceHours: number;
  /** How far below zero call-offs may take the balance. */
  readonly overdraftHours: number;
}

/** A client's bank as the balance row holds it: totals, counters and which alerts are spent. */
export interface HourBankState {
  readonly balanceHours: number;
  readonly purchasedHours: number;
  readonly calledOffHours: number;
  /** Sum of adjustments, signed. */
  readonly adjustedHours: number;
  /** Ledger entries so far; the next one is `entryCount + 1`. */
  readonly entryCount: number;
  /** Hour-bank events so far (the CloudEvent sequence); the next one is `eventCount + 1`. */
  readonly eventCount: number;
  /** `hourbank.low-balance` has fired for the current stretch below the threshold. */
  readonly lowBalanceAlerted: boolean;
  /** `hourbank.exhausted` has fired for the current stretch at or below zero. */
  readonly exhaustedAlerted: boolean;
}

export const emptyHourBank: HourBankState = {
  balanceHours: 0,
  purchasedHours: 0,
  calledOffHours: 0,
  adjustedHours: 0,
  entryCount: 0,
  eventCount: 0,
  lowBalanceAlerted: false,
  exhaustedAlerted: false,
};

/** What is to be posted: a purchase (+), a call-off of a time entry (−), or a signed adjustment. */
export type LedgerPosting =
  | { readonly kind: 'purchase'; readonly hours: number; readonly reference: string }
  | {
      readonly kind: 'call-off';
      readonly hours: number;
      readonly ticketId: string;
      readonly timeEntry: number;
      readonly workedOn: string;
      readonly note: string;
    }
  | { readonly kind: 'adjustment'; readonly hours: number; readonly reason: string };

/** One line of the ledger. Never edited or deleted; `hours` is the signed change. */
export interface LedgerEntry {
  readonly seq: number;
  readonly kind: LedgerPosting['kind'];
  readonly hours: number;
  readonly at: string;
  readonly by: string;
  readonly balanceAfter: number;
  readonly reference?: string;
  readonly ticketId?: string;
  /** The time entry's position on its ticket (call-offs). */
  readonly timeEntry?: number;
  readonly workedOn?: string;
  readonly note?: string;
  readonly reason?: string;
}

/** An hour-bank event numbered in the client's hour-bank sequence. */
export type NumberedHourBankEvent = HourBankEvent & {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
};

export interface Posted {
  readonly state: HourBankState;
  readonly entry: LedgerEntry;
  readonly events: readonly NumberedHourBankEvent[];
}

const maxPostingHours = 10_000;

/**
 * Posts one entry to the ledger (docs/product-spec.md §5): the new state, the entry with its `balanceAfter`, and the
 * events it causes, numbered. Refuses (409, writing nothing) a debit that would take the balance below
 * `−overdraftHours`; credits are always accepted.
 *
 * Alerts fire on crossings, once each: `low-balance` when an entry leaves the balance below
 * `lowBalanceHours` and it has not fired since the balance was last at or above it; `exhausted` when
 * an entry leaves it at or below zero and it has not fired since it was last above zero. A credit
 * (a purchase, or an upward adjustment) re-arms each alert whose condition it ends: back at or above
 * the threshold re-arms `low-balance`, above zero re-arms `exhausted`. A purchase too small to lift the
 * balance out of "low" leaves that alert spent, so the client is not told twice that it is low.
 */
export function postToLedger(
  state: HourBankState,
  policy: HourBankPolicy,
  posting: LedgerPosting,
  meta: { readonly at: string; readonly by: string },
): Posted {
  assertPostable(posting);
  const change = posting.kind === 'call-off' ? -posting.hours : posting.hours;
  const balanceAfter = addHours(state.balanceHours, change);
  if (change < 0 && balanceAfter < -policy.overdraftHours) {
    const limit =
      policy.overdraftHours === 0
        ? 'the agreement allows no overdraft'
        : `the agreement allows an overdraft of ${policy.overdraftHours} h`;
    throw new DomainError(
      'conflict',
      `Booking ${-change} h would take the hour bank from ${state.balanceHours} h to ${balanceAfter} h; ${limit}. Buy hours first.`,
      'hours',
    );
  }

  const seq = state.entryCount + 1;
  const { kind: _kind, hours: _hours, ...details } = posting;
  const entry: LedgerEntry = {
    seq,
    kind: posting.kind,
    hours: change,
    at: meta.at,
    by: meta.by,
    balanceAfter,
    ...details,
  };

  let lowBalanceAlerted = state.lowBalanceAlerted;
  let exhaustedAlerted = state.exhaustedAlerted;
  if (change > 0) {
    if (balanceAfter >= policy.lowBalanceHours) lowBalanceAlerted = false;
    if (balanceAfter > 0) exhaustedAlerted = false;
  }
  const events: HourBankEvent[] = [mainEvent(entry)];
  if (balanceAfter < policy.lowBalanceHours && !lowBalanceAlerted) {
    lowBalanceAlerted = true;
    events.push(
      domainEvent('hourbank.low-balance', {
        title: `${balanceAfter} h left`,
        balanceHours: balanceAfter,
        lowBalanceHours: policy.lowBalanceHours,
        entry: seq,
      }),
    );
  }
  if (balanceAfter <= 0 && !exhaustedAlerted) {
    exhaustedAlerted = true;
    events.push(
      domainEvent('hourbank.exhausted', {
        title: `${balanceAfter} h left`,
        balanceHours: balanceAfter,
        overdraftHours: policy.overdraftHours,
        entry: seq,
      }),
    );
  }

  const next: HourBankState = {
    balanceHours: balanceAfter,
    purchasedHours: posting.kind === 'purchase' ? addHours(state.purchasedHours, posting.hours) : state.purchasedHours,
    calledOffHours: posting.kind === 'call-off' ? addHours(state.calledOffHours, posting.hours) : state.calledOffHours,
    adjustedHours: posting.kind === 'adjustment' ? addHours(state.adjustedHours, posting.hours) : state.adjustedHours,
    entryCount: seq,
    eventCount: state.eventCount + events.length,
    lowBalanceAlerted,
    exhaustedAlerted,
  };
  const numbered = events.map((event, i): NumberedHourBankEvent => ({
    ...event,
    seq: state.eventCount + i + 1,
    at: meta.at,
    actor: meta.by,
  }));
  return { state: next, entry, events: numbered };
}

/** Whether balance plus overdraft covers `hours` (an `on-account` approval of a quote, docs/product-spec.md §5). */
export function coversQuote(state: HourBankState, policy: HourBankPolicy, hours: number): boolean {
  return state.balanceHours + policy.overdraftHours >= hours;
}

function assertPostable(posting: LedgerPosting): void {
  const { hours } = posting;
  if (!isWholeQuarters(hours))
    throw new DomainError('invalid', `${hours} h is not in steps of 0.25 h; hours are not rounded.`, 'hours');
  if (posting.kind === 'adjustment' ? hours === 0 : hours <= 0) {
    throw new DomainError(
      'invalid',
      posting.kind === 'adjustment' ? 'An adjustment must change the balance.' : 'Hours must be more than 0.',
      'hours',
    );
  }
  if (Math.abs(hours) > maxPostingHours)
    throw new DomainError('invalid', `At most ${maxPostingHours} h in one entry.`, 'hours');
}

function mainEvent(entry: LedgerEntry): HourBankEvent {
  const common = { entry: entry.seq, balanceHours: entry.balanceAfter };
  switch (entry.kind) {
    case 'purchase':
      return domainEvent('hourbank.purchased', {
        ...common,
        title: `${entry.hours} h bought`,
        hours: entry.hours,
        reference: entry.reference ?? '',
      });
    case 'call-off':
      return domainEvent('hourbank.called-off', {
        ...common,
        title: `${-entry.hours} h called off`,
        hours: -entry.hours,
        ticketId: entry.ticketId ?? '',
        timeEntry: entry.timeEntry ?? 0,
        workedOn: entry.workedOn ?? '',
      });
    case 'adjustment':
      return domainEvent('hourbank.adjusted', {
        ...common,
        title: `Adjusted by ${entry.hours} h`,
        hours: entry.hours,
        reason: entry.reason ?? '',
      });
  }
}
