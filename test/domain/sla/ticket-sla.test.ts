import { describe, expect, it } from 'vitest';
import {
  evaluateTicketSla,
  slaMoments,
  type ClockRecord,
  type TicketSlaInput,
} from '../../../src/domain/sla/ticket-sla';
import { CONTRACT_EXAMPLE, exampleAgreement } from '../calendar/calendar-fixtures';

const acme = exampleAgreement(CONTRACT_EXAMPLE);
const northwind = exampleAgreement('examples/clients/northwind-s1-s5.json');
const contoso = exampleAgreement('examples/clients/contoso-blocker.json');

const running = (startedAt: string, extra: Partial<ClockRecord> = {}): ClockRecord => ({
  startedAt,
  pauses: [],
  ...extra,
});

function input(
  severityId: string,
  assess: ClockRecord,
  resolve: ClockRecord,
  now: string,
  client = acme,
): TicketSlaInput {
  return { ...client, severityId, assess, resolve, now };
}

describe('evaluateTicketSla', () => {
  // The contract example: cat2 received Thu 24 Dec 2026 16:00 London. 1.5 office hours that day;
  // 25, 26 (Sat), 27 (Sun) and 28 (Boxing Day substitute) closed; Tue 29 from 09:00.
  const christmas = '2026-12-24T16:00:00.000Z';

  it('Christmas 2026: cat2 assess due Tue 29 Dec 11:30, resolve 15:30', () => {
    const sla = evaluateTicketSla(input('cat2', running(christmas), running(christmas), '2026-12-29T10:00:00.000Z'));
    expect(sla.assess).toEqual({
      target: 'PT4H',
      dueAt: '2026-12-29T11:30:00.000Z',
      status: 'running',
      elapsed: 'PT2H30M', // 1.5 h on the 24th + 1 h on the 29th
      remaining: 'PT1H30M',
      fraction: 0.625,
    });
    expect(sla.resolve).toMatchObject({ target: 'PT8H', dueAt: '2026-12-29T15:30:00.000Z', status: 'running' });
  });

  it('Christmas 2026: every moment, the 75 % assess warning at 10:30', () => {
    const { now: _now, ...rest } = input('cat2', running(christmas), running(christmas), christmas);
    expect(slaMoments(rest)).toEqual([
      { clock: 'assess', kind: 'warning', fraction: 0.75, at: '2026-12-29T10:30:00.000Z' }, // 1.5 h + 1.5 h
      { clock: 'assess', kind: 'breach', fraction: 1, at: '2026-12-29T11:30:00.000Z' },
      { clock: 'resolve', kind: 'warning', fraction: 0.75, at: '2026-12-29T13:30:00.000Z' }, // 1.5 h + 4.5 h
      { clock: 'resolve', kind: 'breach', fraction: 1, at: '2026-12-29T15:30:00.000Z' },
    ]);
  });

  it.each([
    '2026-12-25T03:17:00.000Z',
    '2026-03-29T00:30:00.000Z',
    '2026-10-25T00:30:00.000Z',
    '2026-07-04T13:00:00.000Z',
  ])('cat1 on 24x7 is due exactly 1 h / 4 h after receipt at %s', (receivedAt) => {
    const sla = evaluateTicketSla(input('cat1', running(receivedAt), running(receivedAt), receivedAt));
    expect(Date.parse(sla.assess.dueAt!) - Date.parse(receivedAt)).toBe(3_600_000);
    expect(Date.parse(sla.resolve.dueAt!) - Date.parse(receivedAt)).toBe(4 * 3_600_000);
  });

  it('uncovered severities have no clocks and no moments', () => {
    const records = running(christmas);
    expect(evaluateTicketSla(input('cat3', records, records, christmas))).toEqual({
      assess: { target: null, dueAt: null, status: 'not-applicable' },
      resolve: { target: null, dueAt: null, status: 'not-applicable' },
    });
    expect(slaMoments({ ...acme, severityId: 'cat4', assess: records, resolve: records })).toEqual([]);
  });

  describe('status', () => {
    const received = '2026-11-02T16:00:00.000Z'; // Mon 16:00 GMT; cat2 assess due Tue 11:30, resolve Tue 15:30
    const view = (assess: ClockRecord, now: string) =>
      evaluateTicketSla(input('cat2', assess, running(received), now)).assess;

    it('running before due', () => {
      expect(view(running(received), '2026-11-03T11:29:59.999Z').status).toBe('running');
    });

    it('breached at the due instant itself when not stopped', () => {
      expect(view(running(received), '2026-11-03T11:30:00.000Z')).toMatchObject({
        status: 'breached',
        remaining: 'PT0S',
        fraction: 1,
      });
    });

    it('met when stopped exactly at due, whatever now is', () => {
      const stopped = running(received, { stoppedAt: '2026-11-03T11:30:00.000Z' });
      expect(view(stopped, '2026-12-01T00:00:00.000Z')).toEqual({
        target: 'PT4H',
        dueAt: '2026-11-03T11:30:00.000Z',
        status: 'met',
        elapsed: 'PT4H',
        remaining: 'PT0S',
        fraction: 1,
        stoppedAt: '2026-11-03T11:30:00.000Z',
      });
    });

    it('breached when stopped after due', () => {
      const late = running(received, { stoppedAt: '2026-11-03T11:30:00.001Z' });
      expect(view(late, '2026-11-03T12:00:00.000Z').status).toBe('breached');
    });

    it('paused with an open pause; dueAt is where it would fall if resumed now', () => {
      // Paused Mon 17:00 (1 h counted). Now Tue 10:00: 3 h left, resumed now → Tue 13:00.
      const paused = running(received, { pauses: [{ from: '2026-11-02T17:00:00.000Z' }] });
      expect(view(paused, '2026-11-03T10:00:00.000Z')).toMatchObject({
        status: 'paused',
        dueAt: '2026-11-03T13:00:00.000Z',
        elapsed: 'PT1H',
        remaining: 'PT3H',
      });
      // A day later it is still paused, never breached, and dueAt keeps moving with now.
      expect(view(paused, '2026-11-04T10:00:00.000Z')).toMatchObject({
        status: 'paused',
        dueAt: '2026-11-04T13:00:00.000Z',
      });
    });

    it('breached, not paused, when the pause began after due', () => {
      const pausedLate = running(received, { pauses: [{ from: '2026-11-03T12:00:00.000Z' }] });
      expect(view(pausedLate, '2026-11-03T13:00:00.000Z')).toMatchObject({
        status: 'breached',
        dueAt: '2026-11-03T11:30:00.000Z',
      });
    });

    it('closed pauses move due by the open time they cover', () => {
      // Paused Mon 17:00 → Tue 10:00: 30 min + 1 h counted, so 11:30 becomes 13:00.
      const resumed = running(received, {
        pauses: [{ from: '2026-11-02T17:00:00.000Z', to: '2026-11-03T10:00:00.000Z' }],
      });
      expect(view(resumed, '2026-11-03T10:00:00.000Z')).toMatchObject({
        status: 'running',
        dueAt: '2026-11-03T13:00:00.000Z',
      });
    });
  });

  it('a severity change is the same records evaluated under the new severity, pauses kept', () => {
    // Received Mon 2 Nov 16:00 as cat2; the resolve clock was paused Mon 17:00 → Tue 10:00.
    const received = '2026-11-02T16:00:00.000Z';
    const assess = running(received);
    const resolve = running(received, {
      pauses: [{ from: '2026-11-02T17:00:00.000Z', to: '2026-11-03T10:00:00.000Z' }],
    });
    const now = '2026-11-03T10:00:00.000Z';
    const asCat2 = evaluateTicketSla(input('cat2', assess, resolve, now));
    // 8 h from Mon 16:00, + 1.5 h paused: Mon 1.5 h, Tue 09:00 + 6.5 h + 1.5 h = 17:00.
    expect(asCat2.resolve).toMatchObject({ target: 'PT8H', dueAt: '2026-11-03T17:00:00.000Z', status: 'running' });
    // Upgraded to cat1 (24x7, 4 h): from receipt, plus the 17 h of real time paused → Tue 13:00;
    // the assess clock's 1 h ran out at Mon 17:00.
    const asCat1 = evaluateTicketSla(input('cat1', assess, resolve, now));
    expect(asCat1.resolve).toMatchObject({ target: 'PT4H', dueAt: '2026-11-03T13:00:00.000Z', status: 'running' });
    expect(asCat1.assess).toMatchObject({ target: 'PT1H', dueAt: '2026-11-02T17:00:00.000Z', status: 'breached' });
    // Downgraded to an uncovered category: no clocks at all.
    expect(evaluateTicketSla(input('cat3', assess, resolve, now)).resolve.status).toBe('not-applicable');
  });

  it('runs S2 on the extended calendar (Saturday) and S3 on office hours (Northwind)', () => {
    // Sat 7 Nov 2026 10:00 GMT. S2: extended opens Saturdays 09:00–17:00, assess due 11:00 the same day.
    // S3: office hours only, so held over to Mon 9 Nov 08:30, assess 4 h → 12:30.
    const saturday = running('2026-11-07T10:00:00.000Z');
    expect(evaluateTicketSla(input('S2', saturday, saturday, '2026-11-07T10:00:00.000Z', northwind)).assess.dueAt).toBe(
      '2026-11-07T11:00:00.000Z',
    );
    expect(evaluateTicketSla(input('S3', saturday, saturday, '2026-11-07T10:00:00.000Z', northwind)).assess.dueAt).toBe(
      '2026-11-09T12:30:00.000Z',
    );
    // S3 resolves within P2D = 48 counted hours: 5 office days of 9 h (45 h) to Fri 13 Nov, then
    // Mon 16 Nov 08:30 + 3 h.
    expect(
      evaluateTicketSla(input('S3', saturday, saturday, '2026-11-07T10:00:00.000Z', northwind)).resolve.dueAt,
    ).toBe('2026-11-16T11:30:00.000Z');
  });

  it('lunch break and US holidays (Contoso critical)', () => {
    // Wed 25 Nov 2026 16:30 EST: 1.5 h to 18:00; Thanksgiving and the added Friday closed; Mon 30
    // Nov 09:00 + 0.5 h = 09:30 EST (14:30Z).
    const received = running('2026-11-25T21:30:00.000Z');
    expect(
      evaluateTicketSla(input('critical', received, received, '2026-11-25T21:30:00.000Z', contoso)).assess.dueAt,
    ).toBe('2026-11-30T14:30:00.000Z');
  });
});

describe('slaMoments', () => {
  const received = '2026-11-02T09:00:00.000Z'; // Mon 09:00; Northwind S3: assess 4 h, resolve 48 h
  const moments = (assess: ClockRecord, resolve: ClockRecord) =>
    slaMoments({ ...northwind, severityId: 'S3', assess, resolve });

  it('lists every warnAt fraction and the breach of both clocks, sorted by instant', () => {
    const all = moments(running(received), running(received));
    expect(all.map((m) => `${m.clock}:${m.kind}:${m.fraction}`)).toEqual([
      'assess:warning:0.5',
      'assess:warning:0.75',
      'assess:warning:0.9',
      'assess:breach:1',
      'resolve:warning:0.5',
      'resolve:warning:0.75',
      'resolve:warning:0.9',
      'resolve:breach:1',
    ]);
    expect(all[0]?.at).toBe('2026-11-02T11:00:00.000Z');
    expect(all[3]?.at).toBe('2026-11-02T13:00:00.000Z');
    expect([...all].sort((a, b) => a.at.localeCompare(b.at))).toEqual(all);
  });

  it('a stopped clock has no moments at or after its stop', () => {
    // Stopped at 12:00, 3 h in: the 50 % moment (11:00) is before it; 75 % (exactly 12:00) is not.
    const atThreeHours = moments(running(received, { stoppedAt: '2026-11-02T12:00:00.000Z' }), running(received));
    expect(atThreeHours.filter((m) => m.clock === 'assess').map((m) => m.fraction)).toEqual([0.5]);
    const justAfter = moments(running(received, { stoppedAt: '2026-11-02T12:00:00.001Z' }), running(received));
    expect(justAfter.filter((m) => m.clock === 'assess').map((m) => m.fraction)).toEqual([0.5, 0.75]);
    // Stopped exactly at due is met: no breach moment.
    const atDue = moments(running(received, { stoppedAt: '2026-11-02T13:00:00.000Z' }), running(received));
    expect(atDue.filter((m) => m.clock === 'assess').map((m) => m.kind)).toEqual(['warning', 'warning', 'warning']);
  });

  it('an open pause hides every moment after it; closed, it shifts them by the open time it covered', () => {
    const resolveMoments = (resolve: ClockRecord) =>
      moments(running(received), resolve).filter((m) => m.clock === 'resolve');
    // Paused from Tue 3 Nov 08:30 with 8.5 h counted: the first resolve moment (24 h) is after it.
    expect(resolveMoments(running(received, { pauses: [{ from: '2026-11-03T08:30:00.000Z' }] }))).toEqual([]);
    // Paused Tue 08:30 → Wed 08:30: the whole 9-hour office Tuesday. Counting Mon 8.5 h, then
    // Wed, Thu, Fri and the next week at 9 h a day (Northwind's office opens 08:30–17:30):
    const paused = running(received, {
      pauses: [{ from: '2026-11-03T08:30:00.000Z', to: '2026-11-04T08:30:00.000Z' }],
    });
    expect(resolveMoments(paused).map((m) => [m.fraction, m.at])).toEqual([
      [0.5, '2026-11-05T15:00:00.000Z'], // 24 h: 8.5 + 9 (Wed) + 6.5 on Thu → 15:00
      [0.75, '2026-11-09T09:00:00.000Z'], // 36 h: 35.5 by Fri evening + 0.5 on Mon 9 Nov
      [0.9, '2026-11-09T16:12:00.000Z'], // 43.2 h: 35.5 + 7.7 h on Mon → 16:12
      [1, '2026-11-10T12:00:00.000Z'], // 48 h: 44.5 by Mon evening + 3.5 h on Tue
    ]);
  });
});

describe('bad input', () => {
  const records = running('2026-11-02T09:00:00.000Z');

  it('throws RangeError for a severity the agreement lacks', () => {
    expect(() => evaluateTicketSla(input('cat9', records, records, '2026-11-02T09:00:00.000Z'))).toThrow(/cat9/);
  });

  it('throws RangeError naming a field that is not an instant', () => {
    expect(() => evaluateTicketSla(input('cat2', running('yesterday'), records, '2026-11-02T09:00:00.000Z'))).toThrow(
      /assess.startedAt/,
    );
  });
});
