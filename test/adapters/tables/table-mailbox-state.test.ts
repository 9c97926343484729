import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LazyTable } from '../../../src/adapters/tables/notification-tables';
import { TableMailboxState } from '../../../src/adapters/tables/table-mailbox-state';
import { startAzurite, type RunningAzurite } from '../../support/azurite';

let azurite: RunningAzurite;
let client: TableClient;

beforeAll(async () => {
  azurite = await startAzurite();
  client = TableClient.fromConnectionString(azurite.connectionString, 'mail', { allowInsecureConnection: true });
});
afterAll(async () => {
  await azurite?.stop();
});

describe('the Graph transport state in table mail', () => {
  it('keeps the subscription and the delta link in two rows, creating the table when missing', async () => {
    const state = new TableMailboxState(new LazyTable(client));
    expect(await state.subscription()).toBeUndefined();
    expect(await state.deltaLink()).toBeUndefined();

    await state.saveSubscription({ id: 'sub-1', expiresAt: new Date('2026-12-10T08:00:00Z') });
    await state.saveSubscription({ id: 'sub-2', expiresAt: new Date('2026-12-11T08:00:00Z') });
    await state.saveDeltaLink('https://graph.microsoft.com/v1.0/users/x/delta?$deltatoken=1');

    // Another instance reads what this one wrote.
    const other = new TableMailboxState(new LazyTable(client));
    expect(await other.subscription()).toEqual({ id: 'sub-2', expiresAt: new Date('2026-12-11T08:00:00Z') });
    expect(await other.deltaLink()).toBe('https://graph.microsoft.com/v1.0/users/x/delta?$deltatoken=1');
    const rows: string[] = [];
    for await (const e of client.listEntities()) rows.push(`${e.partitionKey}/${e.rowKey}`);
    expect(rows.sort()).toEqual(['mail/graph|delta', 'mail/graph|subscription']);
  });
});
