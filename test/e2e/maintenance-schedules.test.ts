import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

interface TicketBody {
  id: string;
  type: string;
  channel?: string;
  status: string;
  title: string;
  maintenance?: { scheduleId: string; occurrence: string; dueAt: string; checklist: string[] };
  sla: { assess: { status: string }; resolve: { status: string } };
}

interface ScheduleBody {
  next: string[];
  missed: string[];
  raised: { occurrence: string; ticketId: string }[];
}

/** Moves the host's virtual clock; it answers once every timer that fell due has fired and settled. */
async function moveClockTo(host: RunningLocalHost, now: string): Promise<void> {
  const res = await host.api('/dev/clock', { method: 'POST', json: { now } });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function maintenanceTickets(host: RunningLocalHost, clientId: string): Promise<TicketBody[]> {
  const res = await host.api(`/tickets?clientId=${clientId}&limit=100&status=new`);
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: TicketBody[] };
  return items.filter((t) => t.type === 'maintenance');
}

async function schedule(host: RunningLocalHost, clientId: string, id: string): Promise<ScheduleBody> {
  const res = await host.api(`/clients/${clientId}/maintenance/schedules/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ScheduleBody;
}

describe('maintenance schedules raise their tickets on the virtual clock', () => {
  let azurite: RunningAzurite;
  let host: RunningLocalHost;
  let second: RunningLocalHost | undefined;
  const env = (): Record<string, string> => ({ AzureWebJobsStorage: azurite.connectionString });

  beforeAll(async () => {
    azurite = await startAzurite();
    // Monday 1 March 2027, 09:00 GMT.
    host = await startLocalHost({ clock: 'virtual', clockStart: '2027-03-01T09:00:00Z', env: env() });
    const res = await host.api('/clients/plan', {
      method: 'PUT',
      json: { ...contractClient(), ticketPrefix: 'PLAN', notifications: { webhooks: [] } },
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await second?.stop();
    await host?.stop();
    await azurite?.stop();
  });

  it('previews, raises leadDays ahead exactly once while the timer fires twice and from two host processes', async () => {
    const put = await host.api('/clients/plan/maintenance/schedules/health', {
      method: 'PUT',
      json: {
        title: 'Monthly health check',
        checklist: ['Backups restored', 'Certificates valid for 30 days'],
        rrule: 'FREQ=MONTHLY;BYDAY=1TU',
        start: '2027-04-06T10:00',
        leadDays: 7,
        onHoliday: 'next-working-day',
      },
    });
    expect(put.status).toBe(201);
    // First Tuesdays at 10:00 London: April to August 2027 are all BST, so 09:00Z.
    expect(((await put.json()) as ScheduleBody).next).toEqual([
      '2027-04-06T09:00:00.000Z',
      '2027-05-04T09:00:00.000Z',
      '2027-06-01T09:00:00.000Z',
      '2027-07-06T09:00:00.000Z',
      '2027-08-03T09:00:00.000Z',
    ]);

    // 6 April less 7 days: 30 March 10:00 BST (09:00Z). An hour before, the timer fires and raises nothing.
    await moveClockTo(host, '2027-03-30T08:00:00Z');
    expect(await maintenanceTickets(host, 'plan')).toEqual([]);

    await moveClockTo(host, '2027-03-30T09:00:00Z');
    const [raised, ...others] = await maintenanceTickets(host, 'plan');
    expect(others).toEqual([]);
    expect(raised).toMatchObject({
      type: 'maintenance',
      channel: 'schedule',
      status: 'new',
      title: 'Monthly health check (2027-04-06)',
      maintenance: {
        scheduleId: 'health',
        occurrence: '2027-04-06',
        dueAt: '2027-04-06T09:00:00.000Z',
        checklist: ['Backups restored', 'Certificates valid for 30 days'],
      },
      sla: { assess: { status: 'not-applicable' }, resolve: { status: 'not-applicable' } },
    });

    // The timer fires again (a quarter of an hour later, and again a day later): still one ticket.
    await moveClockTo(host, '2027-03-30T09:15:00Z');
    await moveClockTo(host, '2027-03-31T09:15:00Z');
    expect((await maintenanceTickets(host, 'plan')).map((t) => t.id)).toEqual([raised!.id]);

    // A second host process on the same storage; both clocks move past the May occurrence's raise
    // time (27 April 09:00Z) together, so both timers run for it at once.
    second = await startLocalHost({ clock: 'virtual', clockStart: '2027-04-01T09:00:00Z', env: env() });
    await Promise.all([moveClockTo(host, '2027-04-27T09:30:00Z'), moveClockTo(second, '2027-04-27T09:30:00Z')]);
    await Promise.all([moveClockTo(host, '2027-04-27T09:45:00Z'), moveClockTo(second, '2027-04-27T09:45:00Z')]);
    const both = await maintenanceTickets(host, 'plan');
    expect(both.map((t) => t.maintenance?.occurrence).sort()).toEqual(['2027-04-06', '2027-05-04']);
    const view = await schedule(second, 'plan', 'health');
    expect(view.raised.map((r) => r.occurrence)).toEqual(['2027-04-06', '2027-05-04']);
    expect(view.missed).toEqual([]);
    await second.stop();
    second = undefined;
  });

  it('after a 40-day outage raises one ticket, for the latest occurrence, and lists the rest as missed', async () => {
    // Mondays at 09:00 (BST: 08:00Z), raised on the day; created 27 April 09:45Z, just after the
    // Monday 26 April occurrence, so the first to come is 3 May.
    const put = await host.api('/clients/plan/maintenance/schedules/weekly-backup-check', {
      method: 'PUT',
      json: { title: 'Backup check', rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '2027-03-01T09:00', onHoliday: 'keep' },
    });
    expect(put.status).toBe(201);

    // The host is down for 40 days: the clock jumps to Sunday 6 June and the timer fires once. Mondays
    // 3, 10, 17, 24, 31 May (the last a bank holiday, kept) have passed unraised.
    await moveClockTo(host, '2027-06-06T09:00:00Z');
    const weekly = (await maintenanceTickets(host, 'plan')).filter(
      (t) => t.maintenance?.scheduleId === 'weekly-backup-check',
    );
    expect(weekly.map((t) => t.maintenance?.occurrence)).toEqual(['2027-05-31']);
    const view = await schedule(host, 'plan', 'weekly-backup-check');
    expect(view.missed).toEqual([
      '2027-05-03T08:00:00.000Z',
      '2027-05-10T08:00:00.000Z',
      '2027-05-17T08:00:00.000Z',
      '2027-05-24T08:00:00.000Z',
    ]);
    expect(view.next[0]).toBe('2027-06-07T08:00:00.000Z');

    // Back to normal: the next Monday is raised on its day, and the missed ones stay missed.
    await moveClockTo(host, '2027-06-07T08:15:00Z');
    const after = (await maintenanceTickets(host, 'plan')).filter(
      (t) => t.maintenance?.scheduleId === 'weekly-backup-check',
    );
    expect(after.map((t) => t.maintenance?.occurrence).sort()).toEqual(['2027-05-31', '2027-06-07']);
  });

  it('pausing stops new tickets; resuming starts from then, not from what the pause passed', async () => {
    const body = { title: 'Backup check', rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '2027-03-01T09:00', onHoliday: 'keep' };
    const pause = await host.api('/clients/plan/maintenance/schedules/weekly-backup-check', {
      method: 'PUT',
      json: { ...body, active: false },
    });
    expect(pause.status).toBe(200);
    expect(((await pause.json()) as ScheduleBody).next).toEqual([]);
    await moveClockTo(host, '2027-06-22T09:00:00Z'); // Mondays 14 and 21 June pass while paused
    const resume = await host.api('/clients/plan/maintenance/schedules/weekly-backup-check', {
      method: 'PUT',
      json: { ...body, active: true },
    });
    expect(resume.status).toBe(200);
    await moveClockTo(host, '2027-06-28T08:15:00Z');
    const view = await schedule(host, 'plan', 'weekly-backup-check');
    expect(view.raised.map((r) => r.occurrence)).toEqual(['2027-05-31', '2027-06-07', '2027-06-28']);
    expect(view.missed).toHaveLength(4);
  });

  it('a follow-up recorded on a closed ticket becomes one item of the backlog, through the topic', async () => {
    expect(
      (
        await host.api('/clients/plan/contacts/jo@plan.example', {
          method: 'PUT',
          json: { name: 'Jo', roles: ['requester'] },
        })
      ).status,
    ).toBe(201);
    const created = await host.api('/tickets', {
      method: 'POST',
      json: {
        clientId: 'plan',
        title: 'Invoices fail',
        description: '500 on save',
        severity: 'cat2',
        type: 'defect',
        reporter: 'jo@plan.example',
      },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // The backlog is read once first: the one-off carry-over of earlier follow-ups is done, so only the
    // topic can make the item below.
    expect((await host.api('/clients/plan/maintenance/items')).status).toBe(200);
    const act = (json: Record<string, unknown>) => host.api(`/tickets/${id}/actions`, { method: 'POST', json });
    expect((await act({ action: 'close', reason: 'Fixed by the 4.2 hot fix' })).status).toBe(200);
    expect((await act({ action: 'follow-up', task: 'Upgrade the PDF library in the next release' })).status).toBe(200);
    // The relay publishes and the topic's deliverers run: the maintenance-items subscription makes the item.
    expect((await host.api('/dev/topic/drain', { method: 'POST' })).status).toBe(200);
    const res = await host.api('/clients/plan/maintenance/items');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as {
      items: { id: string; title: string; status: string; sourceTicketId: string }[];
    };
    expect(items.filter((i) => i.sourceTicketId === id)).toEqual([
      expect.objectContaining({
        id: `fu-${id.toLowerCase()}-1`,
        title: 'Upgrade the PDF library in the next release',
        status: 'proposed',
      }),
    ]);
  });

  it('a health check is answered line by line with check; a failed line becomes one item through the topic', async () => {
    const [health] = (await maintenanceTickets(host, 'plan')).filter((t) => t.maintenance?.scheduleId === 'health');
    expect(health).toBeDefined();
    const view = (await (await host.api(`/tickets/${health!.id}`)).json()) as { allowedActions: string[] };
    expect(view.allowedActions).toContain('check');
    const check = (results: unknown[]) =>
      host.api(`/tickets/${health!.id}/actions`, { method: 'POST', json: { action: 'check', results } });
    const beyond = await check([{ line: 2, result: 'pass' }]);
    expect(beyond.status).toBe(400);
    expect(JSON.stringify(await beyond.json())).toContain('"field":"results.0.line"');
    const answered = await check([
      { line: 0, result: 'pass' },
      { line: 1, result: 'fail', note: 'Expires in 12 days', makeItem: true },
    ]);
    expect(answered.status, await answered.clone().text()).toBe(200);
    expect(((await answered.json()) as { checks: { result: string }[] }).checks.map((c) => c.result)).toEqual([
      'pass',
      'fail',
    ]);
    expect((await host.api('/dev/topic/drain', { method: 'POST' })).status).toBe(200);
    expect((await host.api('/dev/topic/drain', { method: 'POST' })).status).toBe(200);
    const { items } = (await (await host.api('/clients/plan/maintenance/items')).json()) as {
      items: { id: string; title: string; sourceTicketId: string }[];
    };
    expect(items.filter((i) => i.sourceTicketId === health!.id)).toEqual([
      expect.objectContaining({
        id: `ck-${health!.id.toLowerCase()}-2`,
        title: 'Failed check: Certificates valid for 30 days',
      }),
    ]);
  });

  it('refuses a sub-daily rule, a start that does not exist and an unknown calendar, naming the field', async () => {
    const put = (json: Record<string, unknown>) =>
      host.api('/clients/plan/maintenance/schedules/bad', {
        method: 'PUT',
        json: { title: 'x', rrule: 'FREQ=DAILY', start: '2027-07-01T09:00', ...json },
      });
    const hourly = await put({ rrule: 'FREQ=HOURLY' });
    expect(hourly.status).toBe(400);
    expect(JSON.stringify(await hourly.json())).toContain('"field":"rrule"');
    const start = await put({ start: '2027-02-30T09:00' });
    expect(start.status).toBe(400);
    expect(JSON.stringify(await start.json())).toContain('"field":"start"');
    const calendar = await put({ calendar: 'nope' });
    expect(calendar.status).toBe(400);
    expect(JSON.stringify(await calendar.json())).toContain('"field":"calendar"');
    expect((await host.api('/clients/nobody/maintenance/schedules/bad')).status).toBe(404);
  });

  it('answers a schedule with its ETag; a PUT with a stale If-Match is 412 naming If-Match, nothing written', async () => {
    const path = '/clients/plan/maintenance/schedules/patching';
    const body = { title: 'Patching', rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', start: '2027-09-15T20:00', leadDays: 2 };
    const put = (json: Record<string, unknown>, ifMatch?: string) =>
      host.api(path, { method: 'PUT', json, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
    // If-Match on a schedule that does not exist yet: nothing to match (RFC 9110), so nothing is created.
    expect((await put(body, '"nothing"')).status).toBe(412);
    expect((await host.api(path)).status).toBe(404);
    const created = await put(body);
    expect(created.status).toBe(201);
    const read = await host.api(path);
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(created.headers.get('etag')).toBe(etag);

    // Two leads replace it from the same read: the first applies with a new ETag; the second is refused.
    const first = await put({ ...body, leadDays: 3 }, etag!);
    expect(first.status).toBe(200);
    const newer = first.headers.get('etag');
    expect(newer).toMatch(/^"[^"]+"$/);
    expect(newer).not.toBe(etag);
    const stale = await put({ ...body, title: 'Patching (Bo)' }, etag!);
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await stale.json())).toContain('"field":"If-Match"');
    expect(await (await host.api(path)).json()).toMatchObject({ title: 'Patching', leadDays: 3, etag: newer });
    // The list gives each schedule the same ETag, so a page can edit the one it shows.
    const listed = (await (await host.api('/clients/plan/maintenance/schedules')).json()) as {
      items: { id: string; etag: string }[];
    };
    expect(listed.items.find((item) => item.id === 'patching')?.etag).toBe(newer);
    expect((await put({ ...body, leadDays: 4 }, newer!)).status).toBe(200);

    const doc = (await (await host.api('/openapi.json', { key: null })).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: object }>>;
    };
    const replace = doc.paths['/api/clients/{clientId}/maintenance/schedules/{scheduleId}']?.put;
    expect(replace?.parameters).toContainEqual(expect.objectContaining({ name: 'If-Match', in: 'header' }));
    expect(Object.keys(replace?.responses ?? {})).toContain('412');
  });
});
