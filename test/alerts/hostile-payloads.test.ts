import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertSources } from '../../src/alerts/alert-sources';
import { alertSourceNames, type AlertSourceName } from '../../src/alerts/alert-signal';
import { startAzurite, type RunningAzurite } from '../../local-host/azurite-process';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { alertFixture, azureFired } from './support/alert-fixtures';

/**
 * Whatever a caller sends to `POST /api/alerts/{source}`, a payload that is not valid for its source is
 * a 4xx problem, never a 500, and writes nothing: the client's ticket partition stays empty (no ticket,
 * no counter, no claim, no outbox row). The local host runs on an Azurite of this test's own so that
 * the table can be read directly.
 */
let azurite: RunningAzurite;
let host: RunningLocalHost;
let table: TableClient;
let alertsKey: string;
let ticketsKey: string;

const clientId = 'hostile';
const fixtures: Record<AlertSourceName, () => Record<string, unknown>> = {
  'azure-monitor': azureFired,
  alertmanager: () => alertFixture('alertmanager/webhook-v4-firing.json'),
  grafana: () => alertFixture('grafana/webhook-sample.json'),
  pagerduty: () => alertFixture('pagerduty/trigger-example.json'),
};
/** Fields each format needs (or whose type it checks); breaking one must make the payload invalid. */
const checkedPaths: Record<AlertSourceName, (string | number)[][]> = {
  'azure-monitor': [
    ['schemaId'],
    ['data'],
    ['data', 'essentials'],
    ['data', 'essentials', 'alertRule'],
    ['data', 'essentials', 'monitorCondition'],
    ['data', 'essentials', 'alertTargetIDs'],
    ['data', 'customProperties'],
  ],
  alertmanager: [
    ['alerts'],
    ['alerts', 0],
    ['alerts', 0, 'status'],
    ['alerts', 0, 'labels'],
    ['alerts', 1, 'labels', 'alertname'],
    ['alerts', 0, 'fingerprint'],
    ['truncatedAlerts'],
    ['commonLabels'],
  ],
  grafana: [
    ['alerts'],
    ['alerts', 1],
    ['alerts', 0, 'status'],
    ['alerts', 0, 'labels'],
    ['alerts', 0, 'annotations', 'summary'],
    ['alerts', 0, 'values'],
    ['orgId'],
  ],
  pagerduty: [
    ['event_action'],
    ['payload'],
    ['payload', 'summary'],
    ['payload', 'severity'],
    ['payload', 'source'],
    ['dedup_key'],
    ['links', 0, 'href'],
    ['images'],
  ],
};

const isValid = (source: AlertSourceName, body: unknown): boolean => alertSources[source].read(body).ok;

/** `value` with the field at `path` replaced (or removed, for `undefined`). */
function mutate(
  value: Record<string, unknown>,
  path: (string | number)[],
  replacement: unknown,
): Record<string, unknown> {
  const copy = structuredClone(value);
  let node: unknown = copy;
  for (const segment of path.slice(0, -1)) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  const last = path.at(-1) as string | number;
  if (node && typeof node === 'object') {
    if (replacement === undefined) delete (node as Record<string | number, unknown>)[last];
    else (node as Record<string | number, unknown>)[last] = replacement;
  }
  return copy;
}

const wrongValue = fc.oneof(
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.string({ minLength: 1, maxLength: 4 }).map((s) => s.repeat(20_001)),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant({ __proto__: { polluted: true } }),
);

async function partitionRows(): Promise<number> {
  let rows = 0;
  for await (const _ of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${clientId}'` } })) rows++;
  return rows;
}

async function expectRefused(res: Response): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBeGreaterThanOrEqual(400);
  expect(res.status, text).toBeLessThan(500);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((JSON.parse(text) as { status: number }).status).toBe(res.status);
  expect(await partitionRows()).toBe(0);
}

const post = (source: string, body: string, key: string | null = alertsKey, contentType = 'application/json') =>
  host.api(`/alerts/${source}`, { method: 'POST', body, key, headers: { 'content-type': contentType } });

beforeAll(async () => {
  azurite = await startAzurite();
  host = await startLocalHost({ env: { AzureWebJobsStorage: azurite.connectionString } });
  table = TableClient.fromConnectionString(azurite.connectionString, 'tickets', { allowInsecureConnection: true });
  const put = await host.api(`/clients/${clientId}`, {
    method: 'PUT',
    json: { ...contractClient(), ticketPrefix: 'HOST' },
  });
  expect(put.status).toBe(201);
  const key = async (scopes: string[]) =>
    (
      (await (
        await host.api(`/clients/${clientId}/api-keys`, { method: 'POST', json: { name: 'fuzz', scopes } })
      ).json()) as { key: string }
    ).key;
  alertsKey = await key(['alerts:write']);
  ticketsKey = await key(['tickets:read', 'tickets:write']);
});
afterAll(async () => {
  await host?.stop();
  await azurite?.stop();
});

describe('hostile alert payloads', () => {
  it(
    'documented payloads with one checked field broken: 4xx problem, nothing written',
    { timeout: 180_000 },
    async () => {
      const broken = fc
        .constantFrom(...alertSourceNames)
        .chain((source) =>
          fc.record({ source: fc.constant(source), path: fc.constantFrom(...checkedPaths[source]), value: wrongValue }),
        )
        .map(({ source, path, value }) => ({ source, body: mutate(fixtures[source](), path, value) }))
        .filter(({ source, body }) => !isValid(source, body));
      await fc.assert(
        fc.asyncProperty(broken, async ({ source, body }) => expectRefused(await post(source, JSON.stringify(body)))),
        { numRuns: 200 },
      );
    },
  );

  it('arbitrary JSON for any source: 4xx problem, nothing written', { timeout: 180_000 }, async () => {
    const arbitrary = fc
      .record({
        source: fc.constantFrom(...alertSourceNames),
        body: fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))),
      })
      .filter(({ source, body }) => !isValid(source, body));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ source, body }) => expectRefused(await post(source, JSON.stringify(body)))),
      { numRuns: 150 },
    );
  });

  it('bytes that are not JSON, and unknown sources: 4xx problem, nothing written', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...alertSourceNames, 'nagios', '..%2f', 'azure-monitor%00'),
        fc.string({ maxLength: 200 }),
        async (source, text) => {
          fc.pre(!isJson(text) || !alertSourceNames.includes(source as AlertSourceName));
          await expectRefused(await post(source, text));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('valid payloads from callers who may not send alerts, or sent wrongly: 4xx problem, nothing written', async () => {
    const valid = JSON.stringify(fixtures.grafana());
    await expectRefused(await post('grafana', valid, null));
    await expectRefused(await post('grafana', valid, 'not-a-key'));
    await expectRefused(await post('grafana', valid, `sdk_${'0'.repeat(12)}_${'A'.repeat(43)}`));
    await expectRefused(await post('grafana', valid, host.adminKey));
    await expectRefused(await post('grafana', valid, ticketsKey));
    await expectRefused(
      await post('pagerduty', JSON.stringify({ ...fixtures.pagerduty(), routing_key: ticketsKey }), null),
    );
    await expectRefused(await post('pagerduty', JSON.stringify(fixtures.pagerduty()), null));
    await expectRefused(await post('grafana', valid, alertsKey, 'text/plain'));
    await expectRefused(await post('grafana', JSON.stringify({ ...fixtures.grafana(), pad: 'x'.repeat(300_000) })));
  });

  it('valid payloads with nasty extras (deep nesting, prototype keys, huge unicode) are accepted, never a 500', async () => {
    // Nested far deeper than JSON.stringify can recurse (written by hand: the test could not stringify it either).
    const deep = `${'{"d":'.repeat(30_000)}"bottom"${'}'.repeat(30_000)}`;
    const body = `{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"nested":${deep},${JSON.stringify(fixtures.pagerduty()).slice(1)}`;
    const nasty = await post('pagerduty', body);
    expect(nasty.status, await nasty.clone().text()).toBe(202);
    const emoji = fixtures.alertmanager() as { alerts: { annotations: Record<string, string> }[] };
    for (const alert of emoji.alerts) alert.annotations.description = '🔥'.repeat(15_000);
    const huge = await post('alertmanager', JSON.stringify(emoji));
    expect(huge.status, await huge.clone().text()).toBe(202);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
