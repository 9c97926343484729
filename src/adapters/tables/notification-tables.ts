import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { AppSettings } from '../../config/app-settings';
import { azureCredential } from '../azure-credential';

/** The delivery bookkeeping lives apart from tickets: it grows with every event and is never joined to them. */
export const notificationTableNames = { webhookDeliveries: 'webhookdeliveries', emailReceipts: 'emailreceipts' } as const;

export type NotificationTables = Record<keyof typeof notificationTableNames, TableClient>;

/** Same choice as `createTableClients`: the connection string locally, the managed identity in Azure. */
export function createNotificationTables(settings: Pick<AppSettings, 'AzureWebJobsStorage' | 'AzureWebJobsStorage__tableServiceUri' | 'AZURE_CLIENT_ID'>): NotificationTables {
  const make = (table: string): TableClient => {
    if (settings.AzureWebJobsStorage__tableServiceUri) {
      return new TableClient(settings.AzureWebJobsStorage__tableServiceUri, table, azureCredential(settings.AZURE_CLIENT_ID));
    }
    const connection = settings.AzureWebJobsStorage ?? '';
    const options: TableServiceClientOptions = { allowInsecureConnection: connection.includes('http://') };
    return TableClient.fromConnectionString(connection, table, options);
  };
  return { webhookDeliveries: make(notificationTableNames.webhookDeliveries), emailReceipts: make(notificationTableNames.emailReceipts) };
}

/** Creates a table once per process, on first use (creating an existing table is harmless). */
export class LazyTable {
  #ready: Promise<void> | undefined;

  constructor(readonly client: TableClient) {}

  async ready(): Promise<TableClient> {
    this.#ready ??= this.client.createTable().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    await this.#ready;
    return this.client;
  }
}
