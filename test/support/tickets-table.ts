import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll } from 'vitest';
import { startAzurite, type RunningAzurite } from './azurite';

/** Registers hooks that start an in-memory Azurite with an empty `tickets` table for the file's tests. */
export function useTicketsTable(): { table(): TableClient } {
  let azurite: RunningAzurite | undefined;
  let table: TableClient | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
    table = TableClient.fromConnectionString(azurite.connectionString, 'tickets', { allowInsecureConnection: true });
    await table.createTable();
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  return {
    table: () => {
      if (!table) throw new Error('the tickets table is only there inside tests');
      return table;
    },
  };
}
