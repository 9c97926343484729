import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll } from 'vitest';
import { startAzurite, type RunningAzurite } from './azurite';

/** Registers hooks that start an in-memory Azurite with an empty `tickets` table for the file's tests. */
export function useTicketsTable(): { table(): TableClient; connectionString(): string } {
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
    connectionString: () => {
      if (!azurite) throw new Error('Azurite is only there inside tests');
      return azurite.connectionString;
    },
    table: () => {
      if (!table) throw new Error('the tickets table is only there inside tests');
      return table;
    },
  };
}
