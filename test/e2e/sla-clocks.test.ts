import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

interface TimelineEvent {
  seq: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
}
interface Ticket {
  id: string;
  sla: Record<'assess' | 'resolve', { dueAt: string | null; status: string }>;
}

const reporter = 'jo@acme.example';

async function setUpClient(host: RunningLocalHost, clientId: string, prefix: string): Promise<void> {
  const client = await host.api(`/clients/${clientId}`, {
    method: 'PUT',
    json: { ...contractClient(), ticketPrefix: prefix, notifications: { webhooks: [] } },
  });
  expect(client.status).toBe(201);
  const contact = await host.api(`/clients/${clientId}/contacts/${reporter}`, {
    method: 'PUT',
    json: { name: 'Jo', roles: ['requester', 'approver'] },
  });
  expect(contact.status).toBe(201);
}

async function raise(host: RunningLocalHost, clientId: string, severity: string): Promise<Ticket> {
  const res = await host.api('/tickets', {
    method: 'POST',
    json: {
      clientId,
      title: 'Invoices fail',
      description: 'Saving an invoice fails',
      severity,
      type: 'defect',
      reporter,
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Ticket;
}

async function moveClockTo(host: RunningLocalHost, now: string): Promise<void> {
  const res = await host.api('/dev/clock', { method: 'POST', json: { now } });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { now: string }).now).toBe(new Date(now).toISOString());
}

async function slaEvents(host: RunningLocalHost, ticketId: string): Promise<TimelineEvent[]> {
  const res = await host.api(`/tickets/${ticketId}/timeline`);
  const { items } = (await res.json()) as { items: TimelineEvent[] };
  return items.filter((e) => e.type === 'sla.warning' || e.type === 'sla.breached');
}

const summary = (events: TimelineEvent[]) => events.map((e) => `${e.type} ${String(e.data.clock)} ${e.at}`);

describe('SLA clocks on the local host with the virtual clock', () => {
  let host: RunningLocalHost;
  beforeAll(async () => {
    // Thursday 24 December 2026, 16:00 in London (GMT, so also 16:00Z).
    host = await startLocalHost({ clock: 'virtual', clockStart: '2026-12-24T16:00:00Z' });
    await setUpClient(host, 'acme', 'ACME');
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('holds a cat2 ticket over Christmas and fires its warnings and breaches at their instants, once each', async () => {
    const ticket = await raise(host, 'acme', 'cat2');
    // 1.5 h count on Thursday; Friday 25th, the weekend and the Boxing Day substitute (Monday 28th) are
    // closed, so the rest counts from Tuesday 29th 09:00: assess 4 h → 11:30, resolve 8 h → 15:30.
    expect(ticket.sla.assess.dueAt).toBe('2026-12-29T11:30:00.000Z');
    expect(ticket.sla.resolve.dueAt).toBe('2026-12-29T15:30:00.000Z');

    await moveClockTo(host, '2026-12-29T10:29:00Z');
    expect(await slaEvents(host, ticket.id)).toEqual([]);

    // The first warning fires at its instant, from the sleep planned when the ticket was created (slaNextAt).
    await moveClockTo(host, '2026-12-29T10:31:00Z');
    expect(summary(await slaEvents(host, ticket.id))).toEqual(['sla.warning assess 2026-12-29T10:30:00.000Z']);

    await moveClockTo(host, '2026-12-29T12:00:00Z');
    expect(summary(await slaEvents(host, ticket.id))).toEqual([
      'sla.warning assess 2026-12-29T10:30:00.000Z',
      'sla.breached assess 2026-12-29T11:30:00.000Z',
    ]);

    await moveClockTo(host, '2026-12-31T00:00:00Z');
    expect(summary(await slaEvents(host, ticket.id))).toEqual([
      'sla.warning assess 2026-12-29T10:30:00.000Z',
      'sla.breached assess 2026-12-29T11:30:00.000Z',
      'sla.warning resolve 2026-12-29T13:30:00.000Z',
      'sla.breached resolve 2026-12-29T15:30:00.000Z',
    ]);
    const read = (await (await host.api(`/tickets/${ticket.id}`)).json()) as Ticket;
    expect(read.sla.assess.status).toBe('breached');
    expect(read.sla.resolve.status).toBe('breached');
  });

  it('breaches a cat1 ticket (24x7, 1 h) an hour after receipt, whatever the day', async () => {
    await moveClockTo(host, '2027-01-02T22:15:00Z'); // a Saturday night
    const ticket = await raise(host, 'acme', 'cat1');
    expect(ticket.sla.assess.dueAt).toBe('2027-01-02T23:15:00.000Z');
    await moveClockTo(host, '2027-01-03T03:00:00Z');
    expect(summary(await slaEvents(host, ticket.id))).toEqual([
      'sla.warning assess 2027-01-02T23:00:00.000Z',
      'sla.breached assess 2027-01-02T23:15:00.000Z',
      'sla.warning resolve 2027-01-03T01:15:00.000Z',
      'sla.breached resolve 2027-01-03T02:15:00.000Z',
    ]);
  });

  it('reports sla.met, and never a breach, for a ticket assessed and resolved in time', async () => {
    await moveClockTo(host, '2027-01-04T09:00:00Z');
    const ticket = await raise(host, 'acme', 'cat1');
    await moveClockTo(host, '2027-01-04T09:30:00Z');
    expect(
      (await host.api(`/tickets/${ticket.id}/actions`, { method: 'POST', json: { action: 'assess', tier: 'L2' } }))
        .status,
    ).toBe(200);
    await moveClockTo(host, '2027-01-04T11:00:00Z');
    expect(
      (
        await host.api(`/tickets/${ticket.id}/actions`, {
          method: 'POST',
          json: { action: 'resolve', cause: 'Disk full', fix: 'Rotated logs' },
        })
      ).status,
    ).toBe(200);
    await moveClockTo(host, '2027-01-05T09:00:00Z');
    const { items } = (await (await host.api(`/tickets/${ticket.id}/timeline`)).json()) as { items: TimelineEvent[] };
    // Assessed after 30 min (due 1 h), resolved after 2 h (due 4 h, warning at 3 h): met twice, nothing else.
    expect(items.filter((e) => e.type.startsWith('sla.')).map((e) => `${e.type} ${String(e.data.clock)}`)).toEqual([
      'sla.met assess',
      'sla.met resolve',
    ]);
  });

  it('moves the deadline when the ticket waits on the client (paused) and resumes', async () => {
    await moveClockTo(host, '2027-01-06T10:00:00Z');
    const ticket = await raise(host, 'acme', 'cat1');
    await host.api(`/tickets/${ticket.id}/actions`, { method: 'POST', json: { action: 'assess', tier: 'L2' } });
    await moveClockTo(host, '2027-01-06T11:00:00Z');
    await host.api(`/tickets/${ticket.id}/actions`, {
      method: 'POST',
      json: { action: 'wait-client', note: 'Send logs' },
    });
    // Paused for two hours across the original 14:00 deadline: nothing fires.
    await moveClockTo(host, '2027-01-06T15:00:00Z');
    expect((await slaEvents(host, ticket.id)).filter((e) => e.data.clock === 'resolve')).toEqual([]);
    await host.api(`/tickets/${ticket.id}/actions`, { method: 'POST', json: { action: 'resume' } });
    const read = (await (await host.api(`/tickets/${ticket.id}`)).json()) as Ticket;
    // 1 h counted before the pause; 3 h remain from 15:00.
    expect(read.sla.resolve.dueAt).toBe('2027-01-06T18:00:00.000Z');
    await moveClockTo(host, '2027-01-06T19:00:00Z');
    expect(summary((await slaEvents(host, ticket.id)).filter((e) => e.data.clock === 'resolve'))).toEqual([
      'sla.warning resolve 2027-01-06T17:00:00.000Z',
      'sla.breached resolve 2027-01-06T18:00:00.000Z',
    ]);
  });
});

describe('SLA timers survive the local host being killed', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('fires the breach once after a restart between warning and breach, and does not repeat the warning', async () => {
    const env = { AzureWebJobsStorage: azurite.connectionString };
    const first = await startLocalHost({ clock: 'virtual', clockStart: '2027-02-01T09:00:00Z', env });
    await setUpClient(first, 'killed', 'KILL');
    const ticket = await raise(first, 'killed', 'cat1');
    await moveClockTo(first, '2027-02-01T09:50:00Z'); // past the 75% assess warning (09:45), before the breach (10:00)
    expect(summary(await slaEvents(first, ticket.id))).toEqual(['sla.warning assess 2027-02-01T09:45:00.000Z']);
    await first.kill(); // SIGKILL: no clean shutdown; storage (a separate Azurite) survives

    const second = await startLocalHost({ clock: 'virtual', dataDir: first.dataDir, env });
    try {
      expect(((await (await second.api('/dev/clock')).json()) as { now: string }).now).toBe('2027-02-01T09:50:00.000Z');
      await moveClockTo(second, '2027-02-01T10:30:00Z');
      expect(summary(await slaEvents(second, ticket.id))).toEqual([
        'sla.warning assess 2027-02-01T09:45:00.000Z',
        'sla.breached assess 2027-02-01T10:00:00.000Z',
      ]);
    } finally {
      await second.stop();
    }
  });
});
