import { odata } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttachmentBlobs } from '../../../src/adapters/blobs/attachment-storage';
import { CountingMeter, meterDifference } from '../../../src/adapters/metering/counting-meter';
import { storageRequestKind } from '../../../src/adapters/metering/storage-metering-policy';
import { tableClientFor } from '../../../src/adapters/tables/table-clients';
import { submitTransaction } from '../../../src/adapters/tables/table-transaction';
import { startAzurite, type RunningAzurite } from '../../support/azurite';

/**
 * The storage clients the composition builds count every request they send, by kind, on Azurite: one
 * known sequence of calls, the exact counts it must produce.
 */
let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe('table clients', () => {
  it('count one transaction per request: a $batch of three rows is one', async () => {
    const meter = new CountingMeter();
    const table = tableClientFor({ AzureWebJobsStorage: azurite.connectionString }, 'metered', meter);
    await table.createTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'a', n: 1 });
    await table.getEntity('p', 'a');
    await submitTransaction(table, [
      ['create', { partitionKey: 'p', rowKey: 'b' }],
      ['create', { partitionKey: 'p', rowKey: 'c' }],
      ['update', { partitionKey: 'p', rowKey: 'a', n: 2 }, 'Merge'],
    ]);
    const rows = [];
    for await (const row of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq 'p'` } }))
      rows.push(row);
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'd' }, 'Replace');
    await table.deleteEntity('p', 'b');
    expect(rows).toHaveLength(3);
    expect(meter.snapshot()).toEqual({
      'table.transactions': 7,
      'table.table': 1,
      'table.write': 2,
      'table.read': 1,
      'table.batch': 1,
      'table.query': 1,
      'table.delete': 1,
    });
  });

  it('count a request that failed too (Azure bills it)', async () => {
    const meter = new CountingMeter();
    const table = tableClientFor({ AzureWebJobsStorage: azurite.connectionString }, 'metered', meter);
    await expect(table.getEntity('p', 'missing')).rejects.toMatchObject({ statusCode: 404 });
    expect(meter.snapshot()).toEqual({ 'table.transactions': 1, 'table.read': 1 });
  });
});

describe('blob clients', () => {
  it('count writes, reads and deletes, each client of the service on the same pipeline', async () => {
    const meter = new CountingMeter();
    const blobs = createAttachmentBlobs({ AzureWebJobsStorage: azurite.connectionString }, meter);
    await blobs.ensureContainer();
    const afterContainer = meter.snapshot();
    await blobs.put('acme/1/a', new Uint8Array([1, 2, 3]));
    await blobs.stat('acme/1/a');
    await blobs.head('acme/1/a', 2);
    await blobs.uploadUrl('acme/1/b', 60); // signed here with the account key: no request
    await blobs.delete('acme/1/a');
    expect(afterContainer['blob.transactions']).toBeGreaterThanOrEqual(1);
    expect(meterDifference(meter.snapshot(), afterContainer)).toEqual({
      'blob.transactions': 4,
      'blob.write': 1,
      'blob.read': 2,
      'blob.delete': 1,
    });
  });
});

describe('request kinds', () => {
  const kind = (service: 'table' | 'blob' | 'queue', method: string, url: string) =>
    storageRequestKind(service, { method: method as 'GET', url });
  it('follow the billing classes of each service', () => {
    const table = 'https://acct.table.core.windows.net';
    expect(kind('table', 'POST', `${table}/$batch`)).toBe('batch');
    expect(kind('table', 'POST', `${table}/Tables`)).toBe('table');
    expect(kind('table', 'GET', `${table}/tickets(PartitionKey='a',RowKey='b')`)).toBe('read');
    expect(kind('table', 'GET', `${table}/tickets()?$filter=x`)).toBe('query');
    expect(kind('table', 'PATCH', `${table}/tickets(PartitionKey='a',RowKey='b')`)).toBe('write');
    const blob = 'https://acct.blob.core.windows.net/c';
    expect(kind('blob', 'GET', `${blob}?restype=container&comp=list`)).toBe('write');
    expect(kind('blob', 'HEAD', `${blob}/b`)).toBe('read');
    expect(kind('blob', 'PUT', `${blob}/b`)).toBe('write');
    const queue = 'https://acct.queue.core.windows.net/q';
    expect(kind('queue', 'GET', `${queue}/messages?numofmessages=32`)).toBe('class1');
    expect(kind('queue', 'GET', `${queue}/messages?peekonly=true`)).toBe('class2');
    expect(kind('queue', 'POST', `${queue}/messages`)).toBe('class1');
  });
});
