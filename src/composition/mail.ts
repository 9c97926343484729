import { BlobRawMailArchive, rawMailContainerFor } from '../adapters/blobs/blob-raw-mail-archive';
import { azureCredential } from '../adapters/azure-credential';
import { GraphClient } from '../adapters/mail/graph-client';
import { GraphMailbox } from '../adapters/mail/graph-mailbox';
import { PostalMimeParser } from '../adapters/mail/postal-mime-parser';
import { LazyTable } from '../adapters/tables/notification-tables';
import { tableClientFor } from '../adapters/tables/table-clients';
import { mailTableName, TableMailStore } from '../adapters/tables/table-mail-store';
import { TableMailboxState } from '../adapters/tables/table-mailbox-state';
import { MailIntakeService } from '../app/mail-intake-service';
import { mailboxSubscriptionDefaults, MailboxTransport } from '../app/mailbox-transport';
import type { TicketService } from '../app/ticket-service';
import type { AppSettings } from '../config/app-settings';
import type { DeskEventListener } from '../ports/change-listeners';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { MailAttachmentSink } from '../ports/mail-attachments';
import type { MailStore } from '../ports/mail-store';
import type { PeopleStore } from '../ports/people-store';
import { transportKeepsRawMail } from '../ports/raw-mail-archive';

/** E-mail in (docs/product-spec.md §8): the intake both transports call, and the store outbound threading reads. */
export interface MailIn {
  readonly intake: MailIntakeService;
  readonly store: MailStore;
  readonly supportAddress: string;
  /** The shared mailbox through Microsoft Graph, when `SUPPORTDESK_MAIL_IN_TRANSPORT=graph`. */
  readonly mailbox: MailboxTransport | undefined;
}

/** The support address: `SUPPORTDESK_SUPPORT_ADDRESS`, else the sender of notification e-mail. */
export function supportAddressOf(settings: AppSettings): string {
  return settings.SUPPORTDESK_SUPPORT_ADDRESS ?? settings.SUPPORTDESK_EMAIL_SENDER ?? 'support-desk@localhost';
}

/** Where Graph sends notifications: the `receive-graph-mail-notification` route below the public URL. */
export const graphNotificationPath = '/api/mail/graph/notifications';

export function buildMailIn(
  settings: AppSettings,
  clock: Clock,
  clientStore: ClientStore,
  people: PeopleStore,
  tickets: TicketService,
  attachments: MailAttachmentSink,
  deskListener?: DeskEventListener,
): MailIn {
  const mailTable = new LazyTable(tableClientFor(settings, mailTableName));
  const store = new TableMailStore(mailTable);
  const supportAddress = supportAddressOf(settings);
  const graph = settings.SUPPORTDESK_MAIL_IN_TRANSPORT === 'graph';
  // The raw message: Graph's mail is kept in Blob storage for the retention period; the local host's
  // inbox folder keeps it itself (its done/ folder). Attachments become the ticket's files.
  const intake = new MailIntakeService(
    new PostalMimeParser(),
    store,
    graph ? new BlobRawMailArchive(rawMailContainerFor(settings), clock) : transportKeepsRawMail,
    attachments,
    clientStore,
    people,
    tickets,
    { supportAddress, ...(deskListener ? { deskListener } : {}) },
  );
  return {
    intake,
    store,
    supportAddress,
    mailbox: graph ? graphTransport(settings, clock, mailTable, intake) : undefined,
  };
}

function graphTransport(
  settings: AppSettings,
  clock: Clock,
  mailTable: LazyTable,
  intake: MailIntakeService,
): MailboxTransport {
  // The settings schema requires these three with the graph transport.
  const clientState = settings.SUPPORTDESK_GRAPH_CLIENT_STATE!;
  const mailbox = new GraphMailbox(
    new GraphClient({
      baseUrl: settings.SUPPORTDESK_GRAPH_BASE_URL,
      credential: azureCredential(settings.AZURE_CLIENT_ID),
    }),
    {
      mailbox: settings.SUPPORTDESK_GRAPH_MAILBOX!,
      notificationUrl: `${settings.SUPPORTDESK_PUBLIC_URL!.replace(/\/+$/, '')}${graphNotificationPath}`,
      clientState,
      takenFolder: settings.SUPPORTDESK_MAIL_TAKEN_FOLDER,
    },
  );
  return new MailboxTransport(mailbox, new TableMailboxState(mailTable), intake, clock, {
    clientState,
    ...mailboxSubscriptionDefaults,
  });
}
