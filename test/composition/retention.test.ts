import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableClients, ensureTables } from '../../src/adapters/tables/table-clients';
import { parseAppSettings } from '../../src/config/app-settings';
import { buildRetention } from '../../src/composition/retention';
import { startAzurite, type RunningAzurite } from '../../local-host/azurite-process';
import { BlobRawMailArchive, rawMailContainerFor } from '../../src/adapters/blobs/blob-raw-mail-archive';
import { createAttachmentBlobs } from '../../src/adapters/blobs/attachment-storage';
import { TableTicketStore } from '../../src/adapters/tables/table-ticket-store';

const day = 24 * 3_600_000;
let azurite: RunningAzurite;
let table: (name: string) => TableClient;

beforeAll(async () => {
  azurite = await startAzurite();
  table = (name) => TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });
  for (const name of ['webhookdeliveries', 'emailreceipts']) await table(name).createTable();
});
afterAll(async () => {
  await azurite?.stop();
});

async function rowKeys(name: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of table(name).listEntities()) keys.push(`${e.partitionKey}/${e.rowKey}`);
  return keys.sort();
}

describe('the retention sweep', () => {
  it('deletes each kind of record once its period has passed, and nothing else', async () => {
    const settings = parseAppSettings({
      AzureWebJobsStorage: azurite.connectionString,
      SUPPORTDESK_ADMIN_KEY: 'retention-test-admin-key-000000',
    });
    const tables = createTableClients(settings);
    await ensureTables(tables);
    const deliveries = table('webhookdeliveries');
    for (const [rowKey, state] of [
      ['item|k|l|0000000001', 'delivered'],
      ['item|k|l|0000000002', 'skipped'],
      ['item|k|l|0000000003', 'dead'],
      ['item|k|l|0000000004', 'pending'],
    ]) {
      await deliveries.createEntity({ partitionKey: 'acme', rowKey: rowKey!, state: state! });
    }
    await deliveries.createEntity({ partitionKey: 'acme', rowKey: 'lane|k|l', nextPosition: 5 });
    // More than one transaction's worth in one partition.
    for (let i = 0; i < 150; i++)
      await table('emailreceipts').createEntity({
        partitionKey: 'event-1',
        rowKey: `r${String(i).padStart(3, '0')}`,
        state: 'sent',
      });
    await tables.tickets.createEntity({ partitionKey: 'acme', rowKey: 'idem|abc', status: 201 });
    await tables.tickets.createEntity({ partitionKey: 'acme', rowKey: 't|0000000001', doc: '{}' });
    for (const [partitionKey, rowKey] of [
      ['link', 'h1'],
      ['oidc', 'h2'],
      ['rate|ip', 'k'],
      ['session', 'h3'],
      ['staff', 'lea@support.example'],
    ]) {
      await table('people').createEntity({ partitionKey: partitionKey!, rowKey: rowKey!, doc: '{}' });
    }

    const at = (offsetMs: number) => buildRetention(settings, tables, { now: () => new Date(Date.now() + offsetMs) });

    // A day later: nothing has expired yet.
    expect((await at(day).sweep()).deleted).toEqual({
      'webhook deliveries (delivered, skipped)': 0,
      'webhook deliveries (dead)': 0,
      'e-mail receipts': 0,
      'idempotency records': 0,
      'sign-in links, login state and throttle windows': 0,
      sessions: 0,
      'mail intake records (taken)': 0,
      'quarantined mail': 0,
      'mail loop guard windows': 0,
    });

    // Three days later: used-up links, login state and throttle windows are gone; the session and the staff row stay.
    expect((await at(3 * day).sweep()).deleted['sign-in links, login state and throttle windows']).toBe(3);
    expect(await rowKeys('people')).toEqual(['session/h3', 'staff/lea@support.example']);

    // Eight days later: idempotency records (7 days) are gone, the ticket is not.
    expect((await at(8 * day).sweep()).deleted['idempotency records']).toBe(1);
    expect(await rowKeys('tickets')).toEqual(['acme/t|0000000001']);
    // Sessions end after 7 days at most: by then the row is past every limit. Staff rows are never swept.
    expect(await rowKeys('people')).toEqual(['staff/lea@support.example']);

    // A month and a day: settled deliveries and receipts go; dead and pending deliveries and the lane head stay.
    const month = await at(31 * day).sweep();
    expect(month.deleted).toMatchObject({
      'webhook deliveries (delivered, skipped)': 2,
      'webhook deliveries (dead)': 0,
      'e-mail receipts': 150,
    });
    expect(month.failed).toEqual({});
    expect(await rowKeys('webhookdeliveries')).toEqual([
      'acme/item|k|l|0000000003',
      'acme/item|k|l|0000000004',
      'acme/lane|k|l',
    ]);
    expect(await rowKeys('emailreceipts')).toEqual([]);

    // After a quarter, dead deliveries too; a pending one never.
    expect((await at(91 * day).sweep()).deleted['webhook deliveries (dead)']).toBe(1);
    expect(await rowKeys('webhookdeliveries')).toEqual(['acme/item|k|l|0000000004', 'acme/lane|k|l']);
  });

  it('keeps mail records and raw mail for the retention days set, loop guard windows a day, threads always', async () => {
    const settings = parseAppSettings({
      AzureWebJobsStorage: azurite.connectionString,
      SUPPORTDESK_ADMIN_KEY: 'retention-test-admin-key-000000',
      SUPPORTDESK_RAW_MAIL_RETENTION_DAYS: '30',
      SUPPORTDESK_MAIL_IN_TRANSPORT: 'graph',
      SUPPORTDESK_GRAPH_MAILBOX: 'support@desk.test',
      SUPPORTDESK_GRAPH_CLIENT_STATE: 'graph-client-state-0123456789abcdef-xyz',
      SUPPORTDESK_PUBLIC_URL: 'https://desk.example',
    });
    const tables = createTableClients(settings);
    await ensureTables(tables);
    const mail = table('mail');
    await mail.createTable().catch(() => undefined);
    for (const [rowKey, state] of [
      ['in|done', 'done'],
      ['in|pending', 'pending'],
      ['q|k1', undefined],
      ['lg|k2', undefined],
      ['th|k3', undefined],
      ['graph|delta', undefined],
    ])
      await mail.createEntity({ partitionKey: 'mail', rowKey: rowKey!, ...(state ? { state } : {}) });
    await mail.createEntity({ partitionKey: 'thread|acme|1', rowKey: '2026|k3' });
    // Raw mail kept today and 29 days ago (by the archive's own clock).
    const container = rawMailContainerFor(settings);
    await new BlobRawMailArchive(container, { now: () => new Date() }).keep('today', Buffer.from('a'));
    await new BlobRawMailArchive(container, { now: () => new Date(Date.now() - 29 * day) }).keep(
      'old',
      Buffer.from('b'),
    );
    const blobs = async () => {
      const names: string[] = [];
      for await (const b of container.listBlobsFlat()) names.push(b.name.replace(/^[^/]+\//, ''));
      return names.sort();
    };
    expect(await blobs()).toEqual(['old.eml', 'today.eml']);
    // The first copy of a mail is the one kept.
    await new BlobRawMailArchive(container, { now: () => new Date() }).keep('today', Buffer.from('changed'));
    const today = `${new Date().toISOString().slice(0, 10)}/today.eml`;
    expect((await container.getBlobClient(today).downloadToBuffer()).toString()).toBe('a');
    expect((await container.getBlobClient(today).getProperties()).contentType).toBe('message/rfc822');
    const at = (offsetMs: number) => buildRetention(settings, tables, { now: () => new Date(Date.now() + offsetMs) });

    const twoDays = await at(2 * day).sweep();
    expect(twoDays.failed).toEqual({});
    expect(twoDays.deleted).toMatchObject({
      'mail intake records (taken)': 0,
      'quarantined mail': 0,
      'mail loop guard windows': 1,
      'raw mail': 1,
    });
    expect(await blobs()).toEqual(['today.eml']);
    expect(await rowKeys('mail')).not.toContain('mail/lg|k2');

    const month = await at(31 * day).sweep();
    expect(month.deleted).toMatchObject({ 'mail intake records (taken)': 1, 'quarantined mail': 1, 'raw mail': 1 });
    expect(await blobs()).toEqual([]);
    expect(await rowKeys('mail')).toEqual([
      'mail/graph|delta',
      'mail/in|pending',
      'mail/th|k3',
      'thread|acme|1/2026|k3',
    ]);
  });

  it('deletes attachment blobs no ticket record accounts for, a day after they were written', async () => {
    const settings = parseAppSettings({
      AzureWebJobsStorage: azurite.connectionString,
      SUPPORTDESK_ADMIN_KEY: 'retention-test-admin-key-000000',
    });
    const tables = createTableClients(settings);
    await ensureTables(tables);
    const blobs = createAttachmentBlobs(settings);
    await blobs.ensureContainer();
    // A blob under a ticket with no record of it (here: no such ticket), as an abandoned upload leaves.
    await blobs.put('orphanco/5/abandoned', Buffer.from('log line'));
    const names = async () => {
      const found: string[] = [];
      for await (const b of blobs.list()) if (b.name.startsWith('orphanco/')) found.push(b.name);
      return found;
    };
    const attachments = { tickets: new TableTicketStore(tables.tickets), blobs };
    const at = (offsetMs: number) =>
      buildRetention(settings, tables, { now: () => new Date(Date.now() + offsetMs) }, attachments);
    const rule = 'attachment blobs no record accounts for';

    const hourLater = await at(3_600_000).sweep();
    expect(hourLater.failed).toEqual({});
    expect(hourLater.deleted[rule]).toBe(0);
    expect(await names()).toEqual(['orphanco/5/abandoned']);

    const twoDays = await at(2 * day).sweep();
    expect(twoDays.failed).toEqual({});
    expect(twoDays.deleted[rule]).toBe(1);
    expect(await names()).toEqual([]);
  });
});
