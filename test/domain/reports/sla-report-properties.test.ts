import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSlaReport, type ReportTicket } from '../../../src/domain/reports/sla-report';
import type { ClockRecord } from '../../../src/domain/sla/ticket-sla';
import { CONTRACT_EXAMPLE, exampleAgreement } from '../calendar/calendar-fixtures';

const acme = exampleAgreement(CONTRACT_EXAMPLE);
const covered = new Set(acme.agreement.severities.filter((s) => s.covered).map((s) => s.id));
const start = Date.parse('2026-10-25T00:00:00.000Z');
const span = 50 * 86_400_000; // past both ends of October–November
const iso = (ms: number) => new Date(ms).toISOString();

/** A clock record from receipt: some closed pauses, maybe an open one, maybe a stop after them. */
const clockArb = (received: number): fc.Arbitrary<ClockRecord> =>
  fc
    .record({
      gaps: fc.array(
        fc.tuple(fc.integer({ min: 0, max: 3 * 86_400_000 }), fc.integer({ min: 1, max: 2 * 86_400_000 })),
        { maxLength: 3 },
      ),
      open: fc.boolean(),
      stopAfter: fc.option(fc.integer({ min: 0, max: 5 * 86_400_000 }), { nil: undefined }),
    })
    .map(({ gaps, open, stopAfter }) => {
      let cursor = received;
      const pauses: ClockRecord['pauses'] = [];
      for (const [gap, length] of gaps) {
        pauses.push({ from: iso(cursor + gap), to: iso(cursor + gap + length) });
        cursor += gap + length;
      }
      if (stopAfter !== undefined) return { startedAt: iso(received), pauses, stoppedAt: iso(cursor + stopAfter) };
      if (open) pauses.push({ from: iso(cursor + 1000) });
      return { startedAt: iso(received), pauses };
    });

const ticketArb: fc.Arbitrary<ReportTicket> = fc
  .record({
    severity: fc.constantFrom(...acme.agreement.severities.map((s) => s.id)),
    offset: fc.integer({ min: 0, max: span }),
  })
  .chain(({ severity, offset }) => {
    const received = start + offset;
    return fc.record({ assess: clockArb(received), resolve: clockArb(received) }).map((clocks) => ({
      id: `ACME-${offset}`,
      title: 't',
      severity,
      receivedAt: iso(received),
      clocks,
    }));
  });

describe('buildSlaReport properties', () => {
  it('per month, severity and clock: met + breached + running = the covered tickets; uncovered ones have no clock', () => {
    fc.assert(
      fc.property(
        fc.array(ticketArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: span + 10 * 86_400_000 }),
        (tickets, nowOffset) => {
          const report = buildSlaReport({
            clientId: 'acme',
            timezone: acme.timezone,
            from: '2026-10',
            to: '2026-11',
            now: start + nowOffset,
            severityOrder: acme.agreement.severities.map((s) => s.id),
            tickets,
            agreementOf: () => acme.agreement,
            ledger: [],
          });
          let counted = 0;
          for (const month of report.months) {
            for (const s of month.severities) {
              counted += s.tickets;
              for (const clock of [s.assess, s.resolve]) {
                expect(clock.met + clock.breached + clock.running).toBe(covered.has(s.severity) ? s.tickets : 0);
                if (clock.achievement !== null) expect(clock.achievement).toBeGreaterThanOrEqual(0);
                expect(clock.achievement === null).toBe(clock.met + clock.breached === 0);
              }
            }
            // Every breach listed is one of the breached clocks counted.
            const breached = month.severities.reduce((n, s) => n + s.assess.breached + s.resolve.breached, 0);
            expect(month.breaches.length).toBe(breached);
          }
          // Every ticket received in October or November (London) is counted exactly once.
          // (1 October 00:00 BST is 30 September 23:00 UTC; 1 December 00:00 GMT is 00:00 UTC.)
          const inRange = tickets.filter(
            (t) =>
              Date.parse(t.receivedAt) >= Date.parse('2026-09-30T23:00:00.000Z') &&
              Date.parse(t.receivedAt) < Date.parse('2026-12-01T00:00:00.000Z'),
          );
          expect(counted).toBe(inRange.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
