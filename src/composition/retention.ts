import { createNotificationTables, LazyTable } from '../adapters/tables/notification-tables';
import type { TableClients } from '../adapters/tables/table-clients';
import { TableExpiringRows } from '../adapters/tables/table-expiring-rows';
import { retentionPeriods, RetentionSweeper, type RetentionRule } from '../app/retention';
import type { AppSettings } from '../config/app-settings';
import type { Clock } from '../ports/clock';

/** What expires, where it lives, and for how long it is kept. */
export function buildRetention(settings: AppSettings, tables: TableClients, clock: Clock): RetentionSweeper {
  const notifications = createNotificationTables(settings);
  const deliveries = new LazyTable(notifications.webhookDeliveries);
  const rules: RetentionRule[] = [
    {
      name: 'webhook deliveries (delivered, skipped)',
      keepForMs: retentionPeriods.settledWebhookDeliveries,
      records: new TableExpiringRows(
        deliveries,
        "RowKey ge 'item|' and RowKey lt 'item}' and (state eq 'delivered' or state eq 'skipped')",
      ),
    },
    {
      name: 'webhook deliveries (dead)',
      keepForMs: retentionPeriods.deadWebhookDeliveries,
      records: new TableExpiringRows(deliveries, "RowKey ge 'item|' and RowKey lt 'item}' and state eq 'dead'"),
    },
    {
      name: 'e-mail receipts',
      keepForMs: retentionPeriods.emailReceipts,
      records: new TableExpiringRows(new LazyTable(notifications.emailReceipts), "PartitionKey ne ''"),
    },
    {
      name: 'idempotency records',
      keepForMs: retentionPeriods.idempotencyRecords,
      records: new TableExpiringRows(tables.tickets, "RowKey ge 'idem|' and RowKey lt 'idem}'"),
    },
    {
      name: 'sign-in links, login state and throttle windows',
      keepForMs: retentionPeriods.signInRecords,
      records: new TableExpiringRows(
        tables.people,
        "PartitionKey eq 'link' or PartitionKey eq 'oidc' or (PartitionKey ge 'rate|' and PartitionKey lt 'rate}')",
      ),
    },
    {
      name: 'sessions',
      keepForMs: retentionPeriods.sessions,
      records: new TableExpiringRows(tables.people, "PartitionKey eq 'session'"),
    },
  ];
  return new RetentionSweeper(rules, clock);
}
