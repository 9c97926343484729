import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { AppSettings } from '../../config/app-settings';
import { azureCredential } from '../azure-credential';
import { processMeter } from '../metering/counting-meter';
import { storageMeteringPolicy } from '../metering/storage-metering-policy';
import type { Meter } from '../../ports/meter';

export const tableNames = { clients: 'clients', tickets: 'tickets', people: 'people' } as const;
export type TableName = (typeof tableNames)[keyof typeof tableNames];

export type TableClients = Record<keyof typeof tableNames, TableClient>;

/**
 * A connection string (Azurite, local host, tests) or the table endpoint with the app's managed
 * identity (Azure). The choice is made here once; nothing downstream knows which.
 */
export function createTableClients(settings: TableSettings): TableClients {
  return {
    clients: tableClientFor(settings, tableNames.clients),
    tickets: tableClientFor(settings, tableNames.tickets),
    people: tableClientFor(settings, tableNames.people),
  };
}

export type TableSettings = Pick<
  AppSettings,
  'AzureWebJobsStorage' | 'AzureWebJobsStorage__tableServiceUri' | 'AZURE_CLIENT_ID'
>;

/**
 * One table of the app's storage account, reached however the settings say. Every request it sends is
 * counted as a billed table transaction on `meter` (docs/performance.md, "What an instance costs").
 */
export function tableClientFor(settings: TableSettings, table: string, meter: Meter = processMeter): TableClient {
  const metered: TableServiceClientOptions = {
    additionalPolicies: [{ policy: storageMeteringPolicy('table', meter), position: 'perRetry' }],
  };
  if (settings.AzureWebJobsStorage__tableServiceUri) {
    return new TableClient(
      settings.AzureWebJobsStorage__tableServiceUri,
      table,
      azureCredential(settings.AZURE_CLIENT_ID),
      metered,
    );
  }
  const connection = settings.AzureWebJobsStorage ?? '';
  const options: TableServiceClientOptions = { ...metered, allowInsecureConnection: connection.includes('http://') };
  return TableClient.fromConnectionString(connection, table, options);
}

/** Creates the app's tables if they are missing (idempotent). */
export async function ensureTables(clients: TableClients): Promise<void> {
  await Promise.all(Object.values(clients).map((client) => client.createTable()));
}

export function isStatus(error: unknown, ...statuses: number[]): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    statuses.includes((error as { statusCode?: number }).statusCode ?? -1)
  );
}
