import { describe, expect, it } from 'vitest';
import type { Agreement } from '../../../src/domain/agreement/agreement';
import {
  buildSlaReport,
  type ReportLedgerEntry,
  type ReportTicket,
  type SeverityFigures,
  type SlaReport,
} from '../../../src/domain/reports/sla-report';
import type { ClockRecord } from '../../../src/domain/sla/ticket-sla';
import { CONTRACT_EXAMPLE, exampleAgreement } from '../calendar/calendar-fixtures';

// The contract example (Europe/London; in November London is on UTC, so the instants below are
// also local times): cat1 on a 24x7 calendar, assess 1 h, resolve 4 h; cat2 on the office calendar
// Mon–Fri 09:00–17:30, assess 4 h, resolve 8 h; cat3 and cat4 uncovered. No bank holiday in November.
const acme = exampleAgreement(CONTRACT_EXAMPLE);
const severities = acme.agreement.severities.map((s) => s.id);

interface TicketSpec {
  id?: string;
  severity: string;
  receivedAt: string;
  assess?: Partial<ClockRecord>;
  resolve?: Partial<ClockRecord>;
  agreementVersion?: number;
}

let serial = 0;
function ticket(spec: TicketSpec): ReportTicket {
  const clock = (extra: Partial<ClockRecord> = {}): ClockRecord => ({
    startedAt: spec.receivedAt,
    pauses: [],
    ...extra,
  });
  return {
    id: spec.id ?? `ACME-${++serial}`,
    title: `ticket ${spec.id ?? serial}`,
    severity: spec.severity,
    receivedAt: spec.receivedAt,
    clocks: { assess: clock(spec.assess), resolve: clock(spec.resolve) },
    ...(spec.agreementVersion !== undefined ? { agreementVersion: spec.agreementVersion } : {}),
  };
}

function report(
  tickets: ReportTicket[],
  now: string,
  options: {
    from?: string;
    to?: string;
    ledger?: ReportLedgerEntry[];
    agreementOf?: (t: ReportTicket) => Agreement;
    timezone?: string;
  } = {},
): SlaReport {
  return buildSlaReport({
    clientId: 'acme',
    timezone: options.timezone ?? acme.timezone,
    from: options.from ?? '2026-11',
    to: options.to ?? '2026-11',
    now: Date.parse(now),
    severityOrder: severities,
    tickets,
    agreementOf: options.agreementOf ?? (() => acme.agreement),
    ledger: options.ledger ?? [],
  });
}

const row = (r: SlaReport, severity: string, month = r.months[0]!.month): SeverityFigures =>
  r.months.find((m) => m.month === month)!.severities.find((s) => s.severity === severity)!;

const nothing = { met: 0, breached: 0, running: 0, achievement: null, medianMinutes: null };

describe('buildSlaReport: hand-computed cases', () => {
  it('cat2 assessed in time, resolved late: assess met after 120 min, resolve breached after 570 min', () => {
    // Received Mon 2 Nov 09:00. Assessed 11:00: 120 counted minutes of a 240-minute target → met.
    // Resolved Tue 3 Nov 10:00: Mon 09:00–17:30 is 510 min, Tue 09:00–10:00 is 60 → 570 min, over the
    // 480-minute target (due Mon 17:00) → breached, stopped; it is listed with its due instant.
    const t = ticket({
      id: 'ACME-1',
      severity: 'cat2',
      receivedAt: '2026-11-02T09:00:00.000Z',
      assess: { stoppedAt: '2026-11-02T11:00:00.000Z' },
      resolve: { stoppedAt: '2026-11-03T10:00:00.000Z' },
    });
    const r = report([t], '2026-12-15T12:00:00.000Z');
    expect(row(r, 'cat2')).toEqual({
      severity: 'cat2',
      tickets: 1,
      assess: { met: 1, breached: 0, running: 0, achievement: 1, medianMinutes: 120 },
      resolve: { met: 0, breached: 1, running: 0, achievement: 0, medianMinutes: 570 },
      pausedMinutes: 0,
    });
    expect(r.months[0]!.breaches).toEqual([
      {
        ticketId: 'ACME-1',
        title: 'ticket ACME-1',
        severity: 'cat2',
        clock: 'resolve',
        dueAt: '2026-11-02T17:00:00.000Z',
        stoppedAt: '2026-11-03T10:00:00.000Z',
      },
    ]);
  });

  it('a clock stopped exactly at its due instant (the end of a slot) is met', () => {
    // Received Mon 13:30; 4 h of office time run out at 17:30, the slot's end; assessed then → met, 240 min.
    const t = ticket({
      severity: 'cat2',
      receivedAt: '2026-11-02T13:30:00.000Z',
      assess: { stoppedAt: '2026-11-02T17:30:00.000Z' },
    });
    const r = report([t], '2026-11-02T17:30:00.000Z');
    expect(row(r, 'cat2').assess).toEqual({ met: 1, breached: 0, running: 0, achievement: 1, medianMinutes: 240 });
    // The resolve clock has counted 240 of 480 minutes at `now`: running, no stop, no minutes.
    expect(row(r, 'cat2').resolve).toEqual({ met: 0, breached: 0, running: 1, achievement: null, medianMinutes: null });
  });

  it('clocks still running at the end of the period: running while not due, breached once due though never stopped', () => {
    // cat1 (24x7) received Mon 30 Nov 23:30, nothing done. Judged at 1 Dec 00:00 (30 min counted):
    // assess (60 min) and resolve (240 min) both running — no achievement yet, nothing listed.
    const t = ticket({ id: 'ACME-9', severity: 'cat1', receivedAt: '2026-11-30T23:30:00.000Z' });
    const early = report([t], '2026-12-01T00:00:00.000Z');
    expect(row(early, 'cat1')).toMatchObject({
      tickets: 1,
      assess: { running: 1, met: 0, breached: 0, achievement: null },
    });
    expect(early.months[0]!.breaches).toEqual([]);
    // At 1 Dec 01:00 the assess clock passed its due instant (00:30) unstopped: breached, with no
    // stop and so no minutes; resolve (due 03:30) still running. It still counts in November.
    const later = report([t], '2026-12-01T01:00:00.000Z');
    expect(row(later, 'cat1')).toEqual({
      severity: 'cat1',
      tickets: 1,
      assess: { met: 0, breached: 1, running: 0, achievement: 0, medianMinutes: null },
      resolve: { met: 0, breached: 0, running: 1, achievement: null, medianMinutes: null },
      pausedMinutes: 0,
    });
    expect(later.months[0]!.breaches).toEqual([
      {
        ticketId: 'ACME-9',
        title: 'ticket ACME-9',
        severity: 'cat1',
        clock: 'assess',
        dueAt: '2026-12-01T00:30:00.000Z',
      },
    ]);
  });

  it('reopened tickets: the time spent resolved is paused, and the final stop decides', () => {
    // cat1 (24x7, resolve 240 min) received Tue 10 Nov 10:00, resolved 12:00 (120 min, in time), the
    // client rejected at 13:00 (12:00–13:00 becomes a pause), resolved again 15:30:
    // 330 min elapsed − 60 paused = 270 min > 240 → breached, 60 paused minutes.
    const late = ticket({
      severity: 'cat1',
      receivedAt: '2026-11-10T10:00:00.000Z',
      assess: { stoppedAt: '2026-11-10T10:30:00.000Z' },
      resolve: {
        pauses: [{ from: '2026-11-10T12:00:00.000Z', to: '2026-11-10T13:00:00.000Z' }],
        stoppedAt: '2026-11-10T15:30:00.000Z',
      },
    });
    // Same, but rejected at 16:00 and resolved again 16:30: 390 − 240 paused = 150 min → met.
    const inTime = ticket({
      severity: 'cat1',
      receivedAt: '2026-11-10T10:00:00.000Z',
      assess: { stoppedAt: '2026-11-10T10:30:00.000Z' },
      resolve: {
        pauses: [{ from: '2026-11-10T12:00:00.000Z', to: '2026-11-10T16:00:00.000Z' }],
        stoppedAt: '2026-11-10T16:30:00.000Z',
      },
    });
    const r = report([late, inTime], '2026-12-15T00:00:00.000Z');
    expect(row(r, 'cat1')).toEqual({
      severity: 'cat1',
      tickets: 2,
      // Both assessed after 30 min.
      assess: { met: 2, breached: 0, running: 0, achievement: 1, medianMinutes: 30 },
      // Median of 150 and 270.
      resolve: { met: 1, breached: 1, running: 0, achievement: 0.5, medianMinutes: 210 },
      pausedMinutes: 60 + 240,
    });
  });

  it('a reopened ticket that is being worked again: its resolve clock runs, with the resolved time paused', () => {
    // cat2 received Mon 2 Nov 09:00, resolved 10:00, reopened Tue 3 Nov 09:00 (the pause runs
    // Mon 10:00–Tue 09:00: 450 office minutes). Judged Tue 10:00: 60 + 60 = 120 counted → running.
    const t = ticket({
      severity: 'cat2',
      receivedAt: '2026-11-02T09:00:00.000Z',
      assess: { stoppedAt: '2026-11-02T09:30:00.000Z' },
      resolve: { pauses: [{ from: '2026-11-02T10:00:00.000Z', to: '2026-11-03T09:00:00.000Z' }] },
    });
    const r = report([t], '2026-11-03T10:00:00.000Z');
    expect(row(r, 'cat2')).toMatchObject({ resolve: { running: 1, met: 0, breached: 0 }, pausedMinutes: 450 });
  });

  it('waiting on the client pauses only office time; an open pause is counted up to now', () => {
    // cat2 received Mon 2 Nov 09:00, waiting on the client from 10:00, still waiting on Wed 4 Nov 12:00:
    // paused office time = Mon 10:00–17:30 (450) + Tue (510) + Wed 09:00–12:00 (180) = 1140 min; the
    // resolve clock counted only 60 min → running, not breached.
    const t = ticket({
      severity: 'cat2',
      receivedAt: '2026-11-02T09:00:00.000Z',
      assess: { stoppedAt: '2026-11-02T09:30:00.000Z' },
      resolve: { pauses: [{ from: '2026-11-02T10:00:00.000Z' }] },
    });
    const r = report([t], '2026-11-04T12:00:00.000Z');
    expect(row(r, 'cat2')).toMatchObject({ resolve: { running: 1, breached: 0 }, pausedMinutes: 1140 });
  });

  it('severity changed at assessment: judged under the new severity from receipt', () => {
    // Raised as cat2 Mon 2 Nov 17:00, assessed Tue 09:45 as cat1. Under cat2 that would be 30 + 45 =
    // 75 office minutes (met); under cat1 (24x7, 60 min) it is 16 h 45 min = 1005 min → breached, and
    // the ticket counts under cat1 only.
    const t = ticket({
      severity: 'cat1',
      receivedAt: '2026-11-02T17:00:00.000Z',
      assess: { stoppedAt: '2026-11-03T09:45:00.000Z' },
    });
    const r = report([t], '2026-11-03T09:45:00.000Z');
    expect(row(r, 'cat1').assess).toEqual({ met: 0, breached: 1, running: 0, achievement: 0, medianMinutes: 1005 });
    expect(row(r, 'cat2')).toEqual({
      severity: 'cat2',
      tickets: 0,
      assess: nothing,
      resolve: nothing,
      pausedMinutes: 0,
    });
  });

  it('agreement versions: each ticket is judged by the version it was received under', () => {
    // Version 1 gives cat2 4 h to assess; version 2 only 1 h. Both tickets assessed after 2 office hours:
    // met under version 1, breached under version 2.
    const v1 = acme.agreement;
    const v2: Agreement = {
      ...v1,
      severities: v1.severities.map((s) => (s.id === 'cat2' ? { ...s, assessWithin: 'PT1H' } : s)),
    };
    const spec = {
      severity: 'cat2',
      receivedAt: '2026-11-02T09:00:00.000Z',
      assess: { stoppedAt: '2026-11-02T11:00:00.000Z' },
    };
    const r = report(
      [ticket({ ...spec, agreementVersion: 1 }), ticket({ ...spec, agreementVersion: 2 })],
      '2026-11-30T00:00:00.000Z',
      {
        agreementOf: (t) => (t.agreementVersion === 2 ? v2 : v1),
      },
    );
    expect(row(r, 'cat2').assess).toEqual({ met: 1, breached: 1, running: 0, achievement: 0.5, medianMinutes: 120 });
  });

  it('uncovered tickets count but have no clocks', () => {
    // cat3 is not covered: one ticket, no clock figures, nothing paused, nothing listed.
    const t = ticket({
      severity: 'cat3',
      receivedAt: '2026-11-05T09:00:00.000Z',
      resolve: { pauses: [{ from: '2026-11-05T10:00:00.000Z' }] },
    });
    const r = report([t], '2026-11-30T00:00:00.000Z');
    expect(row(r, 'cat3')).toEqual({
      severity: 'cat3',
      tickets: 1,
      assess: nothing,
      resolve: nothing,
      pausedMinutes: 0,
    });
    expect(r.months[0]!.breaches).toEqual([]);
  });

  it('maintenance tickets count but have no clocks, even at a covered severity', () => {
    // cat1 is covered (1 h to assess); a schedule's ticket left a day unassessed would be breached if judged.
    const t = { ...ticket({ severity: 'cat1', receivedAt: '2026-11-05T09:00:00.000Z' }), type: 'maintenance' };
    const r = report([t], '2026-11-30T00:00:00.000Z');
    expect(row(r, 'cat1')).toEqual({
      severity: 'cat1',
      tickets: 1,
      assess: nothing,
      resolve: nothing,
      pausedMinutes: 0,
    });
    expect(r.months[0]!.breaches).toEqual([]);
  });

  it('months are the client time zone’s, every month asked for is listed, and tickets outside are ignored', () => {
    // New York is UTC−5 in November/December: 1 Dec 02:00 UTC is 30 Nov 21:00 local → November;
    // 1 Nov 03:00 UTC is 31 Oct 23:00 local → October, outside the range asked for.
    const inNovember = ticket({ severity: 'cat3', receivedAt: '2026-12-01T02:00:00.000Z' });
    const inOctober = ticket({ severity: 'cat3', receivedAt: '2026-11-01T03:00:00.000Z' });
    const r = report([inNovember, inOctober], '2027-01-01T00:00:00.000Z', {
      timezone: 'America/New_York',
      from: '2026-11',
      to: '2027-01',
    });
    expect(r.months.map((m) => m.month)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(r.months.map((m) => m.severities.find((s) => s.severity === 'cat3')!.tickets)).toEqual([1, 0, 0]);
    // Every month lists every severity of the agreement, in its order, even with no tickets.
    expect(r.months[2]!.severities.map((s) => s.severity)).toEqual(['cat1', 'cat2', 'cat3', 'cat4']);
  });

  it('hours called off and purchased per month; adjustments and other months left out', () => {
    // November: two call-offs (1.5 + 0.25 h, recorded negative) and one purchase of 10 h; the October
    // purchase and the adjustment do not count.
    const ledger: ReportLedgerEntry[] = [
      { kind: 'purchase', hours: 20, at: '2026-10-31T23:59:00.000Z' },
      { kind: 'purchase', hours: 10, at: '2026-11-01T00:30:00.000Z' },
      { kind: 'call-off', hours: -1.5, at: '2026-11-05T10:00:00.000Z' },
      { kind: 'call-off', hours: -0.25, at: '2026-11-30T23:59:00.000Z' },
      { kind: 'adjustment', hours: 3, at: '2026-11-06T10:00:00.000Z' },
    ];
    const r = report([], '2026-12-01T00:00:00.000Z', { ledger });
    expect(r.months[0]).toMatchObject({ month: '2026-11', hoursCalledOff: 1.75, hoursPurchased: 10 });
  });

  it('a month mixing met, breached and running clocks', () => {
    // Three cat2 tickets on Mon 2 Nov, judged Mon 16:00:
    //   A 09:00, assessed 10:00 (60 min) → met;
    //   B 09:00, not assessed: 420 min > 240 → breached (due 13:00), still running;
    //   C 14:00, not assessed: 120 min → running.
    // Achievement 1 / (1 + 1) = 0.5; the median is over stopped clocks only: A's 60.
    const r = report(
      [
        ticket({
          severity: 'cat2',
          receivedAt: '2026-11-02T09:00:00.000Z',
          assess: { stoppedAt: '2026-11-02T10:00:00.000Z' },
        }),
        ticket({ severity: 'cat2', receivedAt: '2026-11-02T09:00:00.000Z' }),
        ticket({ severity: 'cat2', receivedAt: '2026-11-02T14:00:00.000Z' }),
      ],
      '2026-11-02T16:00:00.000Z',
    );
    expect(row(r, 'cat2')).toMatchObject({
      tickets: 3,
      assess: { met: 1, breached: 1, running: 1, achievement: 0.5, medianMinutes: 60 },
    });
  });
});
