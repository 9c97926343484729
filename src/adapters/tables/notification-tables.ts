import type { TableClient } from '@azure/data-tables';
import { tableClientFor, type TableSettings } from './table-clients';

/** The delivery bookkeeping lives apart from tickets: it grows with every event and is never joined to them. */
export const notificationTableNames = {
  webhookDeliveries: 'webhookdeliveries',
  emailReceipts: 'emailreceipts',
} as const;

export type NotificationTables = Record<keyof typeof notificationTableNames, TableClient>;

export function createNotificationTables(settings: TableSettings): NotificationTables {
  return {
    webhookDeliveries: tableClientFor(settings, notificationTableNames.webhookDeliveries),
    emailReceipts: tableClientFor(settings, notificationTableNames.emailReceipts),
  };
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
