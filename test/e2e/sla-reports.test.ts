import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyOf,
  createKey,
  expectProblem,
  fieldsOf,
  setUpClient,
  type ClientFixture,
  type TicketView,
} from './support/api-fixtures';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

// November 2026 in London is GMT, so every instant below is also the local time.
describe('SLA reports on the local host with the virtual clock', () => {
  let host: RunningLocalHost;
  let acme: ClientFixture;

  beforeAll(async () => {
    host = await startLocalHost({ clock: 'virtual', clockStart: '2026-11-02T08:00:00Z' });
    acme = await setUpClient(host, 'acme', 'ACME');
    await setUpClient(host, 'other', 'OTHER');
  });
  afterAll(async () => {
    await host?.stop();
  });

  async function moveClockTo(now: string): Promise<void> {
    const res = await host.api('/dev/clock', { method: 'POST', json: { now } });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  async function raise(severity: string, title: string): Promise<TicketView> {
    const res = await host.api('/tickets', {
      method: 'POST',
      json: { clientId: 'acme', title, description: 'd', severity, type: 'defect', reporter: acme.requester },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return bodyOf<TicketView>(res);
  }

  async function act(ticket: TicketView, body: Record<string, unknown>): Promise<void> {
    const res = await host.api(`/tickets/${ticket.id}/actions`, { method: 'POST', json: body });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  const reportMails = () =>
    readdirSync(path.join(host.dataDir, 'mail')).filter((f) => f.startsWith('sla-report') && f.endsWith('.eml'));

  it('a month of tickets met, breached and still running gives the expected figures in JSON and CSV', async () => {
    // Mon 2 Nov 09:00: A and B (cat2: office hours, assess 4 h, resolve 8 h) and D (cat3, uncovered).
    await moveClockTo('2026-11-02T09:00:00Z');
    const a = await raise('cat2', 'A: met both');
    const b = await raise('cat2', 'B: untouched');
    await raise('cat3', 'D: uncovered');
    // A is assessed after 60 minutes and resolved after 120: both met.
    await moveClockTo('2026-11-02T10:00:00Z');
    await act(a, { action: 'assess', tier: 'L1' });
    await moveClockTo('2026-11-02T11:00:00Z');
    await act(a, { action: 'resolve', cause: 'bad config', fix: 'fixed it' });
    // Wed 4 Nov 09:00: E, assessed after 30 minutes, waits on the client from 10:00 to Thu 10:00 (paused:
    // Wed 10:00–17:30 = 450 + Thu 09:00–10:00 = 60 → 510 office minutes) and is resolved Thu 12:00:
    // 60 + 120 = 180 counted minutes, met.
    await moveClockTo('2026-11-04T09:00:00Z');
    const e = await raise('cat2', 'E: waited on the client');
    await moveClockTo('2026-11-04T09:30:00Z');
    await act(e, { action: 'assess', tier: 'L1' });
    await moveClockTo('2026-11-04T10:00:00Z');
    await act(e, { action: 'wait-client', note: 'Which invoice?' });
    await moveClockTo('2026-11-05T10:00:00Z');
    await act(e, { action: 'resume' });
    await moveClockTo('2026-11-05T12:00:00Z');
    await act(e, { action: 'resolve', cause: 'data' });
    // Mon 30 Nov 23:30: C (cat1, 24x7, assess 1 h): still running when November ends.
    await moveClockTo('2026-11-30T23:30:00Z');
    await raise('cat1', 'C: late in the month');
    await moveClockTo('2026-12-01T00:00:00Z');

    const res = await host.api('/clients/acme/reports/sla?from=2026-11&to=2026-11');
    expect(res.status, await res.clone().text()).toBe(200);
    const report = await bodyOf<{
      clientId: string;
      months: {
        month: string;
        severities: unknown[];
        breaches: unknown[];
        hoursCalledOff: number;
        hoursPurchased: number;
      }[];
    }>(res);
    expect(report).toMatchObject({ clientId: 'acme', from: '2026-11', to: '2026-11' });
    const [november] = report.months;
    const none = { met: 0, breached: 0, running: 0, achievement: null, medianMinutes: null };
    expect(november).toEqual({
      month: '2026-11',
      hoursCalledOff: 0,
      hoursPurchased: 0,
      severities: [
        // C: 30 of 60 and 240 minutes counted: both clocks running.
        {
          severity: 'cat1',
          tickets: 1,
          assess: { ...none, running: 1 },
          resolve: { ...none, running: 1 },
          pausedMinutes: 0,
        },
        // A met (60, 120), E met (30, 180), B breached both, never stopped: 2 of 3; medians of the stopped ones.
        {
          severity: 'cat2',
          tickets: 3,
          assess: { met: 2, breached: 1, running: 0, achievement: 2 / 3, medianMinutes: 45 },
          resolve: { met: 2, breached: 1, running: 0, achievement: 2 / 3, medianMinutes: 150 },
          pausedMinutes: 510,
        },
        { severity: 'cat3', tickets: 1, assess: none, resolve: none, pausedMinutes: 0 },
        { severity: 'cat4', tickets: 0, assess: none, resolve: none, pausedMinutes: 0 },
      ],
      // B's clocks were due Mon 13:00 (4 office hours) and 17:00 (8).
      breaches: [
        { ticketId: b.id, title: 'B: untouched', severity: 'cat2', clock: 'assess', dueAt: '2026-11-02T13:00:00.000Z' },
        {
          ticketId: b.id,
          title: 'B: untouched',
          severity: 'cat2',
          clock: 'resolve',
          dueAt: '2026-11-02T17:00:00.000Z',
        },
      ],
    });

    const csv = await host.api('/clients/acme/reports/sla.csv?from=2026-11&to=2026-11');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')).toEqual([
      'client_id,month,severity,tickets,assess_met,assess_breached,assess_running,assess_achievement,assess_median_minutes,resolve_met,resolve_breached,resolve_running,resolve_achievement,resolve_median_minutes,paused_minutes,hours_called_off,hours_purchased',
      'acme,2026-11,cat1,1,0,0,1,,,0,0,1,,,0,0,0',
      'acme,2026-11,cat2,3,2,1,0,0.6667,45,2,1,0,0.6667,150,510,0,0',
      'acme,2026-11,cat3,1,0,0,0,,,0,0,0,,,0,0,0',
      'acme,2026-11,cat4,0,0,0,0,,,0,0,0,,,0,0,0',
      '',
    ]);
  });

  it('is for the support desk: client keys are refused, other tenants get 404, bad ranges 400 naming the field', async () => {
    await expectProblem(await host.api('/clients/acme/reports/sla?from=2026-11&to=2026-11', { key: acme.key }), 403);
    const otherKey = await createKey(host, 'other', ['tickets:read']);
    await expectProblem(
      await host.api('/clients/acme/reports/sla.csv?from=2026-11&to=2026-11', { key: otherKey }),
      404,
    );
    await expectProblem(await host.api('/clients/nobody/reports/sla?from=2026-11&to=2026-11'), 404);
    expect(
      fieldsOf(await expectProblem(await host.api('/clients/acme/reports/sla?from=2026-13&to=2026-11'), 400)),
    ).toEqual(['from']);
    expect(
      fieldsOf(await expectProblem(await host.api('/clients/acme/reports/sla?from=2026-11&to=2026-10'), 400)),
    ).toEqual(['to']);
    expect(
      fieldsOf(await expectProblem(await host.api('/clients/acme/reports/sla?from=2020-01&to=2026-10'), 400)),
    ).toEqual(['to']);
    expect(fieldsOf(await expectProblem(await host.api('/clients/acme/reports/sla?to=2026-10'), 400))).toEqual([
      'from',
    ]);
  });

  it('e-mails November’s report to the approver on 1 December, once, though the timer fires again', async () => {
    // The clock reached 1 Dec 00:00 in the first test: the hourly timer of the 1st has fired once.
    // Firing again that day and the next must not mail a second time.
    await moveClockTo('2026-12-01T01:00:00Z');
    await moveClockTo('2026-12-01T12:00:00Z');
    await moveClockTo('2026-12-02T05:00:00Z');
    const mails = reportMails();
    // setUpClient registers one active approver for acme and one for other.
    expect(mails.filter((f) => f.includes('acme_2026-11'))).toHaveLength(1);
    expect(mails.filter((f) => f.includes('other_2026-11'))).toHaveLength(1);
    const text = readFileSync(
      path.join(
        host.dataDir,
        'mail',
        mails.find((f) => f.includes('acme_2026-11'))!,
      ),
      'utf8',
    );
    expect(text).toMatch(/^To: approver@acme\.example\r?$/m);
    expect(text).toMatch(/^Subject: \[Support Desk\] SLA report 2026-11: Acme Ltd\r?$/m);
    expect(text).toContain('cat2: 3 tickets');
    // Each run after the first found the receipts and sent nothing: the host logged November's sends once.
    // (The host started on 2 November, when October's reports, empty, went out as a late retry.)
    expect(host.output().match(/acme\/2026-11 → [^,)]+/g)).toEqual(['acme/2026-11 → approver@acme.example']);
    expect(host.output().match(/monthly SLA reports: \d+ sent[^,]*2026-11/g)).toHaveLength(1);
    // …and the timer did fire again after it: three more runs found both receipts.
    const afterNovember = host.output().slice(host.output().indexOf('acme/2026-11 →'));
    expect(afterNovember.match(/monthly SLA reports: 0 sent, 2 already sent/g)?.length).toBeGreaterThanOrEqual(3);
  });
});
