import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFixture, azureFired } from '../alerts/support/alert-fixtures';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

interface Outcome {
  readonly dedupKey: string;
  readonly action: string;
  readonly outcome: string;
  readonly ticketId?: string;
  readonly occurrences?: number;
  readonly severity?: string;
}
interface TimelineEntry {
  readonly seq: number;
  readonly type: string;
  readonly actor: string;
  readonly data: Record<string, unknown>;
}

let host: RunningLocalHost;

async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function expectProblem(
  res: Response,
  status: number,
): Promise<{ title: string; detail?: string; errors?: { field: string }[] }> {
  const problem = await json<{ status: number; title: string; detail?: string; errors?: { field: string }[] }>(
    res,
    status,
  );
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(problem.status).toBe(status);
  return problem;
}

/** A client on the contract agreement (`autoResolveAlerts` as given) and a key named `name` for its alerts. */
async function clientWithAlertsKey(
  clientId: string,
  prefix: string,
  autoResolveAlerts = false,
  name = 'monitoring',
): Promise<string> {
  const body = contractClient() as { agreement: Record<string, unknown> };
  await json(
    await host.api(`/clients/${clientId}`, {
      method: 'PUT',
      json: { ...body, ticketPrefix: prefix, agreement: { ...body.agreement, autoResolveAlerts } },
    }),
    201,
  );
  const created = await json<{ key: string }>(
    await host.api(`/clients/${clientId}/api-keys`, { method: 'POST', json: { name, scopes: ['alerts:write'] } }),
    201,
  );
  return created.key;
}

const send = (source: string, payload: unknown, key: string | null) =>
  host.api(`/alerts/${source}`, { method: 'POST', json: payload, key });
const alertsOf = async (res: Response) => (await json<{ source: string; alerts: Outcome[] }>(res, 202)).alerts;
const timelineOf = async (ticketId: string) =>
  (await json<{ items: TimelineEntry[] }>(await host.api(`/tickets/${ticketId}/timeline`), 200)).items;
const ticketOf = (ticketId: string) =>
  host
    .api(`/tickets/${ticketId}`)
    .then((res) =>
      json<{ status: string; severity: string; reporter: string; origin?: { occurrences: number }; title: string }>(
        res,
        200,
      ),
    );

beforeAll(async () => {
  host = await startLocalHost();
});
afterAll(async () => {
  await host?.stop();
});

describe('alerts over HTTP on the local host', () => {
  it('fired, repeated, resolved, closed, fired again: two tickets with their timelines', async () => {
    const key = await clientWithAlertsKey('alert-cycle', 'ALC', false, 'azure-monitor-prod');
    const fired = await alertsOf(await send('azure-monitor', azureFired(), key));
    expect(fired).toEqual([
      expect.objectContaining({
        action: 'trigger',
        outcome: 'created',
        ticketId: 'ALC-1',
        occurrences: 1,
        severity: 'cat2',
      }),
    ]);
    expect((await alertsOf(await send('azure-monitor', azureFired(), key)))[0]).toMatchObject({
      outcome: 'repeated',
      ticketId: 'ALC-1',
      occurrences: 2,
    });
    const resolved = await alertsOf(
      await send('azure-monitor', alertFixture('azure-monitor/common-schema-sample.json'), key),
    );
    expect(resolved[0]).toMatchObject({ action: 'resolve', outcome: 'resolved', ticketId: 'ALC-1' });

    // Like any new ticket, one raised by an alert gets its SLA orchestration, started from the topic's sla subscription.
    expect((await host.api('/dev/topic/drain', { method: 'POST' })).status).toBe(200);
    const orchestration = await fetch(`${host.baseUrl}/runtime/webhooks/durabletask/instances/sla-alert-cycle-1`, {
      headers: { authorization: `Bearer ${host.adminKey}` },
    });
    expect([200, 202], await orchestration.clone().text()).toContain(orchestration.status);
    expect(((await orchestration.json()) as { runtimeStatus: string }).runtimeStatus).toMatch(/Running|Pending/);

    const first = await ticketOf('ALC-1');
    expect(first).toMatchObject({
      status: 'new',
      severity: 'cat2',
      reporter: 'azure-monitor-prod',
      origin: { occurrences: 2 },
    });
    await json(
      await host.api('/tickets/ALC-1/actions', { method: 'POST', json: { action: 'close', reason: 'VM resized.' } }),
      200,
    );

    const again = await alertsOf(await send('azure-monitor', azureFired(), key));
    expect(again[0]).toMatchObject({ outcome: 'created', ticketId: 'ALC-2', occurrences: 1 });

    const firstTimeline = await timelineOf('ALC-1');
    expect(firstTimeline.map((e) => e.type)).toEqual([
      'ticket.created',
      'alert.repeated',
      'alert.resolved',
      'ticket.closed',
      'sla.met',
      'sla.met',
    ]);
    expect(firstTimeline[0]).toMatchObject({
      actor: 'azure-monitor-prod',
      data: { origin: { kind: 'alert', source: 'azure-monitor', occurrences: 1 } },
    });
    expect(firstTimeline[1]?.data).toMatchObject({ occurrence: 2, payload: { customProperties: { Key1: 'Value1' } } });
    const secondTimeline = await timelineOf('ALC-2');
    expect(secondTimeline.map((e) => e.type)).toEqual(['ticket.created']);
    expect(secondTimeline[0]?.data).toMatchObject({ previousTicketId: 'ALC-1' });
  });

  it('auto-resolves an untouched ticket when the agreement allows it', async () => {
    const key = await clientWithAlertsKey('alert-auto', 'ALA', true, 'alertmanager');
    const created = await alertsOf(
      await send('alertmanager', alertFixture('alertmanager/webhook-v4-firing.json'), key),
    );
    expect(created.map((o) => [o.outcome, o.ticketId, o.severity])).toEqual([
      ['created', 'ALA-1', 'cat1'],
      ['created', 'ALA-2', 'cat1'],
    ]);
    const resolved = await alertsOf(
      await send('alertmanager', alertFixture('alertmanager/webhook-v4-resolved.json'), key),
    );
    expect(resolved).toEqual([
      expect.objectContaining({ dedupKey: '3c4bd2b9e4a1f0d7', outcome: 'auto-resolved', ticketId: 'ALA-1' }),
    ]);
    expect((await ticketOf('ALA-1')).status).toBe('resolved');
    expect((await ticketOf('ALA-2')).status).toBe('new');
    expect((await timelineOf('ALA-1')).map((e) => e.type)).toEqual([
      'ticket.created',
      'alert.resolved',
      'ticket.resolved',
      'sla.met',
      'sla.met',
    ]);
  });

  it('reads the Grafana documentation sample: one ticket per alert', async () => {
    const key = await clientWithAlertsKey('alert-grafana', 'ALG');
    const outcomes = await alertsOf(await send('grafana', alertFixture('grafana/webhook-sample.json'), key));
    expect(outcomes.map((o) => [o.dedupKey, o.outcome, o.ticketId])).toEqual([
      ['c6eadffa33fcdf37', 'created', 'ALG-1'],
      ['bc97ff14869b13e3', 'created', 'ALG-2'],
    ]);
    expect((await ticketOf('ALG-1')).title).toBe('High memory usage: This alert was triggered for zone us-1');
  });

  it('answers PagerDuty as PagerDuty does, and takes the key from routing_key when there is no bearer', async () => {
    const key = await clientWithAlertsKey('alert-pd', 'ALP', false, 'pagerduty-events');
    const withKey = (file: string) => ({ ...alertFixture(file), routing_key: key });
    const trigger = await json<unknown>(
      await send('pagerduty', alertFixture('pagerduty/trigger-example.json'), key),
      202,
    );
    expect(trigger).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'srv01/mysql' });
    expect(await json<unknown>(await send('pagerduty', withKey('pagerduty/trigger-example.json'), null), 202)).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'srv01/mysql',
    });
    await json(await send('pagerduty', withKey('pagerduty/acknowledge.json'), null), 202);
    await json(await send('pagerduty', withKey('pagerduty/resolve.json'), null), 202);
    const timeline = await timelineOf('ALP-1');
    expect(timeline.map((e) => e.type)).toEqual([
      'ticket.created',
      'alert.repeated',
      'alert.acknowledged',
      'alert.resolved',
    ]);
    expect(JSON.stringify(timeline)).not.toContain(key);
    // A made-up dedup key is returned so that the sender can resolve later.
    const anonymous = alertFixture('pagerduty/trigger-example.json');
    delete anonymous.dedup_key;
    const answer = await json<{ dedup_key: string }>(await send('pagerduty', anonymous, key), 202);
    expect(answer.dedup_key).toMatch(/^derived:/);
    await expectProblem(await send('pagerduty', alertFixture('pagerduty/trigger-example.json'), null), 401);
  });

  it('a concurrent burst of identical triggers over HTTP: one ticket, every trigger counted', async () => {
    const key = await clientWithAlertsKey('alert-burst', 'ALB');
    const responses = await Promise.all(Array.from({ length: 60 }, () => send('alertmanager', firingOne(), key)));
    const outcomes = (await Promise.all(responses.map(alertsOf))).flat();
    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.ticketId))).toEqual(new Set(['ALB-1']));
    expect((await ticketOf('ALB-1')).origin?.occurrences).toBe(60);
    const list = await json<{ items: unknown[] }>(await host.api('/tickets?clientId=alert-burst'), 200);
    expect(list.items).toHaveLength(1);
    expect((await timelineOf('ALB-1')).map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('refuses what is not a client key with alerts:write, and an unknown source', async () => {
    const key = await clientWithAlertsKey('alert-auth', 'ALX');
    const ticketsKey = await json<{ key: string }>(
      await host.api('/clients/alert-auth/api-keys', {
        method: 'POST',
        json: { name: 'portal', scopes: ['tickets:read', 'tickets:write'] },
      }),
      201,
    );
    const payload = alertFixture('grafana/webhook-sample.json');
    await expectProblem(await send('grafana', payload, null), 401);
    await expectProblem(
      await send('grafana', payload, 'sdk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
      401,
    );
    expect((await expectProblem(await send('grafana', payload, host.adminKey), 403)).detail).toMatch(/client API key/);
    expect((await expectProblem(await send('grafana', payload, ticketsKey.key), 403)).detail).toMatch(/alerts:write/);
    const unknown = await expectProblem(await send('nagios', payload, key), 400);
    expect(unknown.errors?.map((e) => e.field)).toEqual(['source']);
    const invalid = await expectProblem(await send('azure-monitor', payload, key), 400);
    expect(invalid.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['schemaId', 'data']));
    const list = await json<{ items: unknown[] }>(await host.api('/tickets?clientId=alert-auth'), 200);
    expect(list.items).toHaveLength(0);
  });

  it('documents the operation in OpenAPI with the four formats', async () => {
    const doc = await json<{
      paths: Record<
        string,
        Record<string, { requestBody: { content: Record<string, { schema: { anyOf: { title: string }[] } }> } }>
      >;
    }>(await host.api('/openapi.json', { key: null }), 200);
    const schema = doc.paths['/api/alerts/{source}']?.post?.requestBody.content['application/json']?.schema;
    expect(schema?.anyOf.map((s) => s.title)).toEqual(['azure-monitor', 'alertmanager', 'grafana', 'pagerduty']);
  });
});

/** The first alert of the Alertmanager firing fixture alone. */
function firingOne(): Record<string, unknown> {
  const payload = alertFixture('alertmanager/webhook-v4-firing.json') as { alerts: unknown[] };
  return { ...payload, alerts: payload.alerts.slice(0, 1) };
}
