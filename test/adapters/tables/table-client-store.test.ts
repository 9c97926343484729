import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableClientStore } from '../../../src/adapters/tables/table-client-store';
import { contractClientSettings, testClient } from '../../support/test-clients';
import { startAzurite, type RunningAzurite } from '../../support/azurite';

let azurite: RunningAzurite | undefined;
let table: TableClient;
beforeAll(async () => {
  azurite = await startAzurite();
  table = TableClient.fromConnectionString(azurite.connectionString, 'clients', { allowInsecureConnection: true });
  await table.createTable();
});
afterAll(async () => {
  await azurite?.stop();
});

const body = contractClientSettings();
const longerAssess = {
  ...body.agreement,
  severities: body.agreement.severities.map((s) => (s.id === 'cat2' ? { ...s, assessWithin: 'PT8H' } : s)),
};

async function versionRows(clientId: string): Promise<string[]> {
  const rows: string[] = [];
  for await (const e of table.listEntities({
    queryOptions: { filter: `PartitionKey eq '${clientId}' and RowKey ge 'agreement|' and RowKey lt 'agreement}'` },
  }))
    rows.push(e.rowKey ?? '');
  return rows;
}

describe('TableClientStore agreement versions on Azurite', () => {
  it('writes version 1 with a new client; an identical PUT keeps it; a changed agreement or timezone adds the next', async () => {
    const store = new TableClientStore(table);
    expect((await store.putClient(testClient('vers', 'VERS'))).client.agreementVersion).toBe(1);
    expect(
      (await store.putClient(testClient('vers', 'VERS', { name: 'Renamed', updatedAt: '2026-11-02T00:00:00.000Z' })))
        .client.agreementVersion,
    ).toBe(1);
    expect(
      (
        await store.putClient(
          testClient('vers', 'VERS', { agreement: longerAssess, updatedAt: '2026-11-03T00:00:00.000Z' }),
        )
      ).client.agreementVersion,
    ).toBe(2);
    expect(
      (
        await store.putClient(
          testClient('vers', 'VERS', {
            agreement: longerAssess,
            timezone: 'Europe/Berlin',
            updatedAt: '2026-11-04T00:00:00.000Z',
          }),
        )
      ).client.agreementVersion,
    ).toBe(3);
    expect(await versionRows('vers')).toEqual(['agreement|000001', 'agreement|000002', 'agreement|000003']);
    expect((await store.getClient('vers'))?.agreementVersion).toBe(3);
    const v1 = await store.getAgreementVersion('vers', 1);
    expect(v1?.agreement.severities.find((s) => s.id === 'cat2')?.assessWithin).toBe('PT4H');
    expect(v1?.timezone).toBe('Europe/London');
    expect(
      (await store.getAgreementVersion('vers', 2))?.agreement.severities.find((s) => s.id === 'cat2')?.assessWithin,
    ).toBe('PT8H');
    expect((await store.getAgreementVersion('vers', 3))?.timezone).toBe('Europe/Berlin');
    expect(await store.getAgreementVersion('vers', 4)).toBeUndefined();
  });

  it('concurrent replacements never share a version number, and every version the client points at is written', async () => {
    const store = new TableClientStore(table);
    await store.putClient(testClient('race', 'RACE'));
    const agreements = [1, 2, 3, 4, 5, 6].map((h) => ({
      ...body.agreement,
      severities: body.agreement.severities.map((s) => (s.id === 'cat2' ? { ...s, assessWithin: `PT${h + 4}H` } : s)),
    }));
    const results = await Promise.all(
      agreements.map((agreement) => new TableClientStore(table).putClient(testClient('race', 'RACE', { agreement }))),
    );
    expect(results.map((r) => r.client.agreementVersion).sort()).toEqual([2, 3, 4, 5, 6, 7]);
    expect(await versionRows('race')).toHaveLength(7);
    const current = await store.getClient('race');
    expect(current?.agreementVersion).toBe(7);
    expect((await store.getAgreementVersion('race', 7))?.agreement).toEqual(current?.agreement);
  });

  it('a client stored before versions is version 1 as it stands, frozen as version 1 by its first replacement', async () => {
    const store = new TableClientStore(table);
    const legacy = testClient('legacy', 'LEGACY');
    await table.createEntity({ partitionKey: 'legacy', rowKey: 'client', doc: JSON.stringify(legacy) });
    expect((await store.getAgreementVersion('legacy', 1))?.agreement).toEqual(legacy.agreement);
    expect(await store.getAgreementVersion('legacy', 2)).toBeUndefined();
    const replaced = await store.putClient(testClient('legacy', 'LEGACY', { agreement: longerAssess }));
    expect(replaced.client.agreementVersion).toBe(2);
    expect(await versionRows('legacy')).toEqual(['agreement|000001', 'agreement|000002']);
    expect((await store.getAgreementVersion('legacy', 1))?.agreement).toEqual(legacy.agreement);
    expect((await store.getAgreementVersion('legacy', 2))?.agreement).toEqual(longerAssess);
  });
});
