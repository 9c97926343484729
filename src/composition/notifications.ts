import { AcsEmailSender } from '../adapters/email/acs-email-sender';
import { processMeter } from '../adapters/metering/counting-meter';
import { MeteredEmailSender } from '../adapters/metering/metered-email-sender';
import { ServiceBusEventPublisher } from '../adapters/service-bus/service-bus-event-publisher';
import { createNotificationTables, LazyTable } from '../adapters/tables/notification-tables';
import type { TableClients } from '../adapters/tables/table-clients';
import { TableEmailReceipts } from '../adapters/tables/table-email-receipts';
import { TableOutbox } from '../adapters/tables/table-outbox';
import { TableWebhookDeliveries } from '../adapters/tables/table-webhook-deliveries';
import { tableClientFor } from '../adapters/tables/table-clients';
import { mailTableName, TableDeskOutbox, TableMailStore } from '../adapters/tables/table-mail-store';
import { supportAddressOf } from './mail';
import { GuardedWebhookPoster } from '../adapters/webhooks/guarded-webhook-poster';
import { EmailDeliveryService } from '../app/email-delivery';
import { OutboxRelay } from '../app/outbox-relay';
import { OutboxWithDesk } from '../app/outbox-with-desk';
import { WebhookDeliveryService } from '../app/webhook-delivery';
import type { AppSettings } from '../config/app-settings';
import type { OutboundPolicy } from '../domain/network/outbound-url';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { EmailReceiptStore } from '../ports/email-receipt-store';
import { unconfiguredEmailSender, type EmailSender } from '../ports/email-sender';
import { unconfiguredEventPublisher, type EventPublisher } from '../ports/event-publisher';
import type { TicketStore } from '../ports/ticket-store';
import type { WebhookPoster } from '../ports/webhook-poster';
import { lazyObject } from './lazy';

/** The outbox relay and the deliverers behind the topic's subscriptions. */
export interface Notifications {
  readonly relay: OutboxRelay;
  readonly webhooks: WebhookDeliveryService;
  readonly email: EmailDeliveryService;
  /** For mail that is not an event's (the monthly SLA report), with the same once-only receipts. */
  readonly emailSender: EmailSender;
  readonly emailReceipts: EmailReceiptStore;
}

/** What a host may put in place of the Azure services (the local host's queue topic and `.eml` folder). */
export interface NotificationOverrides {
  readonly eventPublisher?: EventPublisher;
  readonly emailSender?: EmailSender;
  readonly webhookPoster?: WebhookPoster;
  /** When the relay's background publishes may run (the local host lets requests go first); at once without it. */
  readonly backgroundTurn?: () => Promise<{ readonly forced: boolean }>;
}

export interface NotificationDependencies {
  readonly settings: AppSettings;
  readonly clock: Clock;
  readonly tables: TableClients;
  readonly clientStore: ClientStore;
  readonly ticketStore: TicketStore;
  /** Where webhooks may go (SSRF guard). */
  readonly outbound: OutboundPolicy;
  readonly overrides: NotificationOverrides;
}

/**
 * Azure: Service Bus on `ServiceBusConnection__fullyQualifiedNamespace` and Communication Services on
 * `SUPPORTDESK_EMAIL_ENDPOINT`, both with the managed identity. Without them (and without an override)
 * publishing and mailing fail loudly, so events wait in the outbox and messages are retried rather
 * than dropped.
 */
export function buildNotifications({
  settings,
  clock,
  tables,
  clientStore,
  ticketStore,
  outbound,
  overrides,
}: NotificationDependencies): Notifications {
  const notificationTables = createNotificationTables(settings);
  // Each part on first use: a request that only publishes (through the relay) builds no deliverer.
  const parts: Notifications = lazyObject<Notifications>({
    // The request answers after its transaction; the publish follows it (and the sweep catches what it misses).
    // The desk's outbox (quarantined mail, `~desk`) lives in the `mail` table, beside the quarantine it announces.
    relay: () =>
      new OutboxRelay(
        new OutboxWithDesk(
          new TableOutbox(tables.tickets, tables.clients),
          new TableDeskOutbox(new LazyTable(tableClientFor(settings, mailTableName))),
        ),
        publisher(),
        undefined,
        {
          inBackground: true,
          ...(overrides.backgroundTurn ? { backgroundTurn: overrides.backgroundTurn } : {}),
        },
      ),
    webhooks: () =>
      new WebhookDeliveryService(
        clientStore,
        new TableWebhookDeliveries(new LazyTable(notificationTables.webhookDeliveries)),
        overrides.webhookPoster ?? new GuardedWebhookPoster(outbound),
        clock,
        {
          chat: {
            staffChannel:
              settings.SUPPORTDESK_STAFF_CHAT_WEBHOOK && settings.SUPPORTDESK_STAFF_CHAT_FORMAT
                ? { url: settings.SUPPORTDESK_STAFF_CHAT_WEBHOOK, format: settings.SUPPORTDESK_STAFF_CHAT_FORMAT }
                : undefined,
            publicUrl: settings.SUPPORTDESK_PUBLIC_URL,
          },
        },
      ),
    email: () =>
      new EmailDeliveryService(
        clientStore,
        ticketStore,
        parts.emailReceipts,
        parts.emailSender,
        clock,
        settings.SUPPORTDESK_SUPPORT_LEAD_EMAIL,
        {
          store: new TableMailStore(new LazyTable(tableClientFor(settings, mailTableName))),
          supportAddress: supportAddressOf(settings),
        },
        settings.SUPPORTDESK_PUBLIC_URL,
      ),
    // Counted whichever sender it is (Communication Services, or the local host's `.eml` files).
    emailSender: () =>
      new MeteredEmailSender(
        overrides.emailSender ??
          (settings.SUPPORTDESK_EMAIL_ENDPOINT && settings.SUPPORTDESK_EMAIL_SENDER
            ? AcsEmailSender.connect(
                settings.SUPPORTDESK_EMAIL_ENDPOINT,
                settings.SUPPORTDESK_EMAIL_SENDER,
                settings.AZURE_CLIENT_ID,
              )
            : unconfiguredEmailSender),
        processMeter,
      ),
    emailReceipts: () => new TableEmailReceipts(new LazyTable(notificationTables.emailReceipts)),
  });
  const publisher = (): EventPublisher =>
    overrides.eventPublisher ??
    (settings.ServiceBusConnection__fullyQualifiedNamespace
      ? ServiceBusEventPublisher.connect(
          settings.ServiceBusConnection__fullyQualifiedNamespace,
          settings.SUPPORTDESK_EVENTS_TOPIC,
          settings.AZURE_CLIENT_ID,
        )
      : unconfiguredEventPublisher);
  return parts;
}
