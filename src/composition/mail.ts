import { PostalMimeParser } from '../adapters/mail/postal-mime-parser';
import { LazyTable } from '../adapters/tables/notification-tables';
import { tableClientFor } from '../adapters/tables/table-clients';
import { mailTableName, TableMailStore } from '../adapters/tables/table-mail-store';
import { MailIntakeService } from '../app/mail-intake-service';
import type { TicketService } from '../app/ticket-service';
import type { AppSettings } from '../config/app-settings';
import type { DeskEventListener } from '../ports/change-listeners';
import type { ClientStore } from '../ports/client-store';
import type { MailAttachmentSink } from '../ports/mail-attachments';
import type { MailStore } from '../ports/mail-store';
import type { PeopleStore } from '../ports/people-store';
import { transportKeepsRawMail } from '../ports/raw-mail-archive';

/** E-mail in (docs/product-spec.md §8): the intake both transports call, and the store outbound threading reads. */
export interface MailIn {
  readonly intake: MailIntakeService;
  readonly store: MailStore;
  readonly supportAddress: string;
}

/** The support address: `SUPPORTDESK_SUPPORT_ADDRESS`, else the sender of notification e-mail. */
export function supportAddressOf(settings: AppSettings): string {
  return settings.SUPPORTDESK_SUPPORT_ADDRESS ?? settings.SUPPORTDESK_EMAIL_SENDER ?? 'support-desk@localhost';
}

export function buildMailIn(
  settings: AppSettings,
  clientStore: ClientStore,
  people: PeopleStore,
  tickets: TicketService,
  attachments: MailAttachmentSink,
  deskListener?: DeskEventListener,
): MailIn {
  const store = new TableMailStore(new LazyTable(tableClientFor(settings, mailTableName)));
  const supportAddress = supportAddressOf(settings);
  // The raw message: the local host's done/ folder keeps it; the Blob archive for Azure is not built yet
  // (docs/mail-in.md). Attachments become the ticket's files, checked as uploads are.
  const intake = new MailIntakeService(
    new PostalMimeParser(),
    store,
    transportKeepsRawMail,
    attachments,
    clientStore,
    people,
    tickets,
    { supportAddress, ...(deskListener ? { deskListener } : {}) },
  );
  return { intake, store, supportAddress };
}
