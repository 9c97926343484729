import { createNotificationTables, LazyTable } from '../adapters/tables/notification-tables';
import type { TableClients } from '../adapters/tables/table-clients';
import { TableExpiringRows } from '../adapters/tables/table-expiring-rows';
import { retentionPeriods, RetentionSweeper, type RetentionRule } from '../app/retention';
import type { AppSettings } from '../config/app-settings';
import type { Clock } from '../ports/clock';
import { BlobRawMailArchive, rawMailContainerFor } from '../adapters/blobs/blob-raw-mail-archive';
import { tableClientFor } from '../adapters/tables/table-clients';
import { mailTableName } from '../adapters/tables/table-mail-store';
import { AttachmentOrphans } from '../app/attachment-orphans';
import type { AttachmentBlobs } from '../ports/attachment-blobs';
import type { TicketStore } from '../ports/ticket-store';

/** What the attachment rule reads: the tickets' records, and the blobs they name. */
export interface RetentionAttachments {
  readonly tickets: TicketStore;
  readonly blobs: AttachmentBlobs;
}

/** What expires, where it lives, and for how long it is kept; attachment orphans when `attachments` is given. */
export function buildRetention(
  settings: AppSettings,
  tables: TableClients,
  clock: Clock,
  attachments?: RetentionAttachments,
): RetentionSweeper {
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
    ...mailRules(settings, clock),
  ];
  if (attachments)
    rules.push({
      name: 'attachment blobs no record accounts for',
      keepForMs: retentionPeriods.attachmentOrphans,
      records: new AttachmentOrphans(attachments.tickets, attachments.blobs, clock),
    });
  return new RetentionSweeper(rules, clock);
}

/**
 * E-mail in (docs/mail-in.md): a mail's intake record and a quarantined mail are kept as long as its raw
 * message (`SUPPORTDESK_RAW_MAIL_RETENTION_DAYS`); the loop guard's windows for a day. Threads (`th|`) stay:
 * a reply years later still finds its ticket. The raw messages in Blob storage exist with the Graph transport only.
 */
function mailRules(settings: AppSettings, clock: Clock): RetentionRule[] {
  const mail = new LazyTable(tableClientFor(settings, mailTableName));
  const rawMailMs = settings.SUPPORTDESK_RAW_MAIL_RETENTION_DAYS * retentionPeriods.day;
  const rules: RetentionRule[] = [
    {
      name: 'mail intake records (taken)',
      keepForMs: rawMailMs,
      records: new TableExpiringRows(
        mail,
        "PartitionKey eq 'mail' and RowKey ge 'in|' and RowKey lt 'in}' and state eq 'done'",
      ),
    },
    {
      name: 'quarantined mail',
      keepForMs: rawMailMs,
      records: new TableExpiringRows(mail, "PartitionKey eq 'mail' and RowKey ge 'q|' and RowKey lt 'q}'"),
    },
    {
      name: 'mail loop guard windows',
      keepForMs: retentionPeriods.mailLoopGuard,
      records: new TableExpiringRows(mail, "PartitionKey eq 'mail' and RowKey ge 'lg|' and RowKey lt 'lg}'"),
    },
  ];
  if (settings.SUPPORTDESK_MAIL_IN_TRANSPORT === 'graph')
    rules.push({
      name: 'raw mail',
      keepForMs: rawMailMs,
      records: new BlobRawMailArchive(rawMailContainerFor(settings), clock),
    });
  return rules;
}
