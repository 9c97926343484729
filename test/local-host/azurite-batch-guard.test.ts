import { TableClient, type TransactionAction } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { useTicketsTable } from '../support/tickets-table';

/**
 * Azurite's batch parser cuts a sub-request's JSON at U+2028 (local-host/azurite-batch-guard.cjs).
 * The SDK's own submitTransaction sends the character raw, so it reaches the parser here, as it would
 * from any writer but the app's own transaction body.
 */
describe('a $batch that Azurite cannot read fails only itself', () => {
  const tickets = useTicketsTable();

  const outcome = (run: () => Promise<unknown>): Promise<string> =>
    run().then(
      () => 'committed',
      (e: { statusCode?: number; code?: string }) => `${e.statusCode} ${e.code}`,
    );

  it('answers 400 InvalidInput, rolls back what it had applied, and later batches of every table commit', async () => {
    const table = tickets.table();
    const others = TableClient.fromConnectionString(tickets.connectionString(), 'others', {
      allowInsecureConnection: true,
    });
    await others.createTable();
    // Braces after the separator, as a JSON column has: the parser then finds a piece of JSON, not none.
    const unreadable: TransactionAction[] = [
      ['create', { partitionKey: 'guard', rowKey: 'applied-first', n: 1 }],
      ['create', { partitionKey: 'guard', rowKey: 'cut', doc: '{"title":"a\u2028b","sla":{"x":"1"}}' }],
    ];
    expect(await outcome(() => table.submitTransaction(unreadable))).toBe('400 InvalidInput');
    expect(await outcome(() => table.getEntity('guard', 'applied-first'))).toMatch(/^404/);

    const next = (client: TableClient, partitionKey: string) =>
      outcome(() => client.submitTransaction([['create', { partitionKey, rowKey: 'next' }]]));
    expect(await next(table, 'guard')).toBe('committed');
    expect(await next(table, 'another-tenant')).toBe('committed');
    expect(await next(others, 'another-tenant')).toBe('committed');
  });
});
