import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/domain-error';
import {
  coversQuote,
  emptyHourBank,
  postToLedger,
  type HourBankPolicy,
  type HourBankState,
  type LedgerPosting,
} from '../../../src/domain/hour-bank/hour-bank-ledger';

const policy: HourBankPolicy = { lowBalanceHours: 5, overdraftHours: 0 };
const meta = { at: '2026-11-24T10:00:00.000Z', by: 'lead@desk.test' };
const buy = (hours: number): LedgerPosting => ({ kind: 'purchase', hours, reference: 'PO-1' });
const book = (hours: number, timeEntry = 1): LedgerPosting => ({
  kind: 'call-off',
  hours,
  ticketId: 'ACME-1',
  timeEntry,
  workedOn: '2026-11-24',
  note: 'work',
});
const adjust = (hours: number): LedgerPosting => ({ kind: 'adjustment', hours, reason: 'correction' });

/** Posts in order, collecting every event type. */
function run(postings: readonly LedgerPosting[], p: HourBankPolicy = policy, start: HourBankState = emptyHourBank) {
  let state = start;
  const types: string[] = [];
  for (const posting of postings) {
    const posted = postToLedger(state, p, posting, meta);
    state = posted.state;
    types.push(...posted.events.map((e) => e.type));
  }
  return { state, types };
}

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the hour-bank ledger', () => {
  it('posts purchases, call-offs and adjustments with balanceAfter and totals', () => {
    const first = postToLedger(emptyHourBank, policy, buy(10), meta);
    expect(first.entry).toEqual({
      seq: 1,
      kind: 'purchase',
      hours: 10,
      at: meta.at,
      by: meta.by,
      balanceAfter: 10,
      reference: 'PO-1',
    });
    const second = postToLedger(first.state, policy, book(1.5), meta);
    expect(second.entry).toMatchObject({
      seq: 2,
      kind: 'call-off',
      hours: -1.5,
      balanceAfter: 8.5,
      ticketId: 'ACME-1',
      timeEntry: 1,
    });
    const third = postToLedger(second.state, policy, adjust(-0.5), meta);
    expect(third.entry).toMatchObject({
      seq: 3,
      kind: 'adjustment',
      hours: -0.5,
      balanceAfter: 8,
      reason: 'correction',
    });
    expect(third.state).toMatchObject({
      balanceHours: 8,
      purchasedHours: 10,
      calledOffHours: 1.5,
      adjustedHours: -0.5,
      entryCount: 3,
      eventCount: 3,
    });
    expect([first, second, third].flatMap((p) => p.events.map((e) => [e.seq, e.type]))).toEqual([
      [1, 'hourbank.purchased'],
      [2, 'hourbank.called-off'],
      [3, 'hourbank.adjusted'],
    ]);
  });

  it('fires low-balance once at the crossing below the threshold, not again while below', () => {
    const { types } = run([buy(10), book(5), book(1), book(1), book(1)]);
    expect(types.filter((t) => t === 'hourbank.low-balance')).toHaveLength(1);
    // 10 → 5 is not below 5; the crossing is the booking that takes it to 4.
    expect(types).toEqual([
      'hourbank.purchased',
      'hourbank.called-off',
      'hourbank.called-off',
      'hourbank.low-balance',
      'hourbank.called-off',
      'hourbank.called-off',
    ]);
  });

  it('fires exhausted once on reaching zero, and not again below zero', () => {
    const { types, state } = run([buy(10), book(6), book(4), book(0.25), adjust(-1)], {
      lowBalanceHours: 5,
      overdraftHours: 2,
    });
    expect(types.filter((t) => t === 'hourbank.exhausted')).toHaveLength(1);
    expect(types.indexOf('hourbank.exhausted')).toBe(types.lastIndexOf('hourbank.called-off', 3) + 1);
    expect(state.balanceHours).toBe(-1.25);
  });

  it('re-arms both alerts when a purchase lifts the balance, so each fires again at the next crossing', () => {
    const low = run([buy(10), book(6), book(4)]);
    expect(low.types.filter((t) => t === 'hourbank.low-balance' || t === 'hourbank.exhausted')).toEqual([
      'hourbank.low-balance',
      'hourbank.exhausted',
    ]);
    const topped = postToLedger(low.state, policy, buy(5), meta);
    expect(topped.events.map((e) => e.type)).toEqual(['hourbank.purchased']);
    expect(topped.state).toMatchObject({ balanceHours: 5, lowBalanceAlerted: false, exhaustedAlerted: false });
    const again = run([book(1), book(4)], policy, topped.state);
    expect(again.types).toEqual([
      'hourbank.called-off',
      'hourbank.low-balance',
      'hourbank.called-off',
      'hourbank.exhausted',
    ]);
  });

  it('a purchase that leaves the balance still low re-arms only exhausted, and does not repeat low-balance', () => {
    const drained = run([buy(2), book(2)]).state; // low fired at 2 (below 5), exhausted at 0
    const partly = postToLedger(drained, policy, buy(3), meta);
    expect(partly.events.map((e) => e.type)).toEqual(['hourbank.purchased']);
    expect(partly.state).toMatchObject({ balanceHours: 3, lowBalanceAlerted: true, exhaustedAlerted: false });
    expect(run([book(3)], policy, partly.state).types).toEqual(['hourbank.called-off', 'hourbank.exhausted']);
  });

  it('refuses a call-off or a negative adjustment past the overdraft with 409, and allows exactly to the limit', () => {
    const state = run([buy(1)], { lowBalanceHours: 0, overdraftHours: 2 }).state;
    const p = { lowBalanceHours: 0, overdraftHours: 2 };
    expect(postToLedger(state, p, book(3), meta).entry.balanceAfter).toBe(-2);
    const refused = refusal(() => postToLedger(state, p, book(3.25), meta));
    expect(refused.kind).toBe('conflict');
    expect(refused.field).toBe('hours');
    expect(refusal(() => postToLedger(state, p, adjust(-3.25), meta)).kind).toBe('conflict');
    expect(refusal(() => postToLedger(emptyHourBank, policy, book(0.25), meta)).message).toMatch(/no overdraft/);
  });

  it('always accepts credits, even while beyond a lowered overdraft', () => {
    const deep = run([book(4)], { lowBalanceHours: 0, overdraftHours: 4 }).state;
    expect(postToLedger(deep, policy, adjust(1), meta).entry.balanceAfter).toBe(-3);
    expect(refusal(() => postToLedger(deep, policy, book(0.25), meta)).kind).toBe('conflict');
  });

  it('refuses hours that are not whole quarters instead of rounding them, and zero or negative amounts', () => {
    const funded = run([buy(10)]).state;
    for (const hours of [0.1, 0.3, 1.33, 0.125, Number.NaN]) {
      expect(refusal(() => postToLedger(funded, policy, book(hours), meta))).toMatchObject({
        kind: 'invalid',
        field: 'hours',
      });
    }
    expect(refusal(() => postToLedger(funded, policy, book(0), meta)).kind).toBe('invalid');
    expect(refusal(() => postToLedger(funded, policy, buy(-1), meta)).kind).toBe('invalid');
    expect(refusal(() => postToLedger(funded, policy, adjust(0), meta)).kind).toBe('invalid');
  });

  it('keeps the balance exact and equal to the sum of entries over any sequence of quarter-hour postings', () => {
    const posting = fc.oneof(
      fc.integer({ min: 1, max: 400 }).map((q) => buy(q / 4)),
      fc.integer({ min: 1, max: 96 }).map((q) => book(q / 4)),
      fc
        .integer({ min: -200, max: 200 })
        .filter((q) => q !== 0)
        .map((q) => adjust(q / 4)),
    );
    fc.assert(
      fc.property(
        fc.array(posting, { maxLength: 200 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (postings, low, over) => {
          const p = { lowBalanceHours: low / 4, overdraftHours: over / 4 };
          let state = emptyHourBank;
          let sum = 0;
          let belowLow = false;
          let atZero = false;
          for (const item of postings) {
            let posted;
            try {
              posted = postToLedger(state, p, item, meta);
            } catch (error) {
              expect((error as DomainError).kind).toBe('conflict');
              continue;
            }
            sum += posted.entry.hours;
            expect(posted.entry.balanceAfter).toBe(sum);
            expect(posted.entry.balanceAfter).toBeGreaterThanOrEqual(Math.min(state.balanceHours, -p.overdraftHours));
            const types = posted.events.map((e) => e.type);
            // Fires exactly when the balance is in the zone and was not already alerted in it.
            const nowLow = posted.entry.balanceAfter < p.lowBalanceHours;
            const nowZero = posted.entry.balanceAfter <= 0;
            if (types.includes('hourbank.low-balance')) expect(nowLow).toBe(true);
            if (types.includes('hourbank.exhausted')) expect(nowZero).toBe(true);
            if (!nowLow) belowLow = false;
            if (!nowZero) atZero = false;
            if (nowLow && !belowLow && posted.entry.hours < 0) expect(types).toContain('hourbank.low-balance');
            if (nowZero && !atZero && posted.entry.hours < 0) expect(types).toContain('hourbank.exhausted');
            belowLow ||= nowLow;
            atZero ||= nowZero;
            state = posted.state;
          }
          expect(state.balanceHours).toBe(sum);
        },
      ),
    );
  });

  it('says whether balance plus overdraft covers a quote', () => {
    const state = run([buy(3)]).state;
    expect(coversQuote(state, { lowBalanceHours: 0, overdraftHours: 2 }, 5)).toBe(true);
    expect(coversQuote(state, { lowBalanceHours: 0, overdraftHours: 2 }, 5.25)).toBe(false);
  });
});
