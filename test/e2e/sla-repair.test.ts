import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

interface TimelineEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

const reporter = 'jo@repair.example';

async function moveClock(host: RunningLocalHost, json: { advance: string }): Promise<void> {
  const res = await host.api('/dev/clock', { method: 'POST', json });
  expect(res.status).toBe(200);
}

async function slaSummary(host: RunningLocalHost, ticketId: string): Promise<string[]> {
  const res = await host.api(`/tickets/${ticketId}/timeline?limit=200`);
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: TimelineEvent[] };
  return items
    .filter((e) => e.type === 'sla.warning' || e.type === 'sla.breached')
    .map((e) => `${e.type} ${String(e.data.clock)} ${e.at}`);
}

/** The Durable management API of the local host (admin key), as a support engineer would use it. */
async function durable(host: RunningLocalHost, path: string, method = 'GET'): Promise<Response> {
  return fetch(`${host.baseUrl}/runtime/webhooks/durabletask${path}`, {
    method,
    headers: { authorization: `Bearer ${host.adminKey}` },
  });
}

async function runtimeStatus(host: RunningLocalHost, instanceId: string): Promise<string> {
  // As the extension answers: 202 while running, 400 once terminated; the body says which.
  const res = await durable(host, `/instances/${instanceId}`);
  return ((await res.json()) as { runtimeStatus: string }).runtimeStatus;
}

describe('the sla-repair timer: an open ticket whose orchestration stopped gets its clocks back', () => {
  let host: RunningLocalHost;
  beforeAll(async () => {
    host = await startLocalHost({ clock: 'virtual', clockStart: '2027-03-01T09:00:00Z' });
    expect(
      (
        await host.api('/clients/repair', {
          method: 'PUT',
          json: { ...contractClient(), ticketPrefix: 'REPAIR', notifications: { webhooks: [] } },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await host.api(`/clients/repair/contacts/${reporter}`, {
          method: 'PUT',
          json: { name: 'Jo', roles: ['requester'] },
        })
      ).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('restarts the orchestration of a ticket whose instance was terminated, and every warning and breach fires once', async () => {
    const create = (title: string, severity: string) =>
      host.api('/tickets', {
        method: 'POST',
        json: { clientId: 'repair', title, description: 'Down', severity, type: 'defect', reporter },
      });
    const stopped = (await (await create('Checkout down', 'cat1')).json()) as { id: string; receivedAt: string };
    const untouched = (await (await create('Search slow', 'cat1')).json()) as { id: string; receivedAt: string };
    // Settles the host: both orchestrations started from the topic.
    await moveClock(host, { advance: 'PT1M' });
    expect(await runtimeStatus(host, 'sla-repair-1')).toBe('Running');

    // Someone terminates one instance by hand (or a task hub is reset): nothing in the ticket's events would start it again.
    expect((await durable(host, '/instances/sla-repair-1/terminate?reason=operator', 'POST')).status).toBe(202);
    await moveClock(host, { advance: 'PT1M' });
    expect(await runtimeStatus(host, 'sla-repair-1')).toBe('Terminated');

    // The next sweep (every ten minutes) finds the open ticket without a running orchestration and starts it.
    await moveClock(host, { advance: 'PT10M' });
    expect(await runtimeStatus(host, 'sla-repair-1')).toBe('Running');
    expect(host.output()).toMatch(
      /sla-repair: 1 of 2 open ticket\(s\) had no running SLA orchestration; started: sla-repair-1/,
    );

    await moveClock(host, { advance: 'PT48H' });
    const expected = (receivedAt: string) => {
      const at = (minutes: number) => new Date(new Date(receivedAt).getTime() + minutes * 60_000).toISOString();
      return [
        `sla.warning assess ${at(45)}`,
        `sla.breached assess ${at(60)}`,
        `sla.warning resolve ${at(180)}`,
        `sla.breached resolve ${at(240)}`,
      ];
    };
    expect(await slaSummary(host, stopped.id)).toEqual(expected(stopped.receivedAt));
    expect(await slaSummary(host, untouched.id)).toEqual(expected(untouched.receivedAt));
    // Both clocks breached: nothing is left to fire, and later sweeps start nothing again.
    await moveClock(host, { advance: 'PT1H' });
    expect(await slaSummary(host, stopped.id)).toEqual(expected(stopped.receivedAt));
    expect(host.output().match(/sla-repair: \d+ of/g)).toHaveLength(1);
  });

  it('ends an orchestration only when its ticket is closed, so no change can be signalled to an instance that is ending', async () => {
    const res = await host.api('/tickets', {
      method: 'POST',
      json: {
        clientId: 'repair',
        title: 'Report export',
        description: 'Wanted',
        severity: 'cat1',
        type: 'defect',
        reporter,
      },
    });
    const { id } = (await res.json()) as { id: string };
    const instanceId = `sla-repair-${id.split('-')[1]}`;
    await moveClock(host, { advance: 'PT1M' });
    expect(await runtimeStatus(host, instanceId)).toBe('Running');

    // Assessed into a severity that runs no clocks (quoted work): nothing can fire, but the ticket is
    // open, so the instance keeps waiting for its next change instead of ending.
    const assess = await host.api(`/tickets/${id}/actions`, {
      method: 'POST',
      json: { action: 'assess', severity: 'cat4', tier: 'L1', quote: { hours: 2 } },
    });
    expect(assess.status).toBe(200);
    await moveClock(host, { advance: 'PT1M' });
    expect(await runtimeStatus(host, instanceId)).toBe('Running');

    expect(
      (
        await host.api(`/tickets/${id}/actions`, {
          method: 'POST',
          json: { action: 'close', reason: 'Not wanted after all' },
        })
      ).status,
    ).toBe(200);
    await moveClock(host, { advance: 'PT1M' });
    expect(await runtimeStatus(host, instanceId)).toBe('Completed');
  });
});
