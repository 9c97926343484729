import { afterAll, beforeAll } from 'vitest';
import { createTableClients, ensureTables, type TableClients } from '../../src/adapters/tables/table-clients';
import { startAzurite, type RunningAzurite } from './azurite';

/**
 * Registers hooks that start an in-memory Azurite with the app's tables and build `T` (the Table
 * implementations under test) on it once; the getter gives them inside tests. For port contracts,
 * whose `table` run needs the real stores and whose `in memory` run needs none of this.
 */
export function onAzuriteTables<T>(build: (tables: TableClients) => T): () => T {
  let azurite: RunningAzurite | undefined;
  let built: T | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
    const tables = createTableClients({
      AzureWebJobsStorage: azurite.connectionString,
      AzureWebJobsStorage__tableServiceUri: undefined,
      AZURE_CLIENT_ID: undefined,
    });
    await ensureTables(tables);
    built = build(tables);
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  return () => {
    if (built === undefined) throw new Error('the table stores are only there inside tests');
    return built;
  };
}
