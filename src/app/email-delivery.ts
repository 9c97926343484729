import { createHash } from 'node:crypto';
import type { CloudEvent } from '../domain/events/cloud-event';
import { parseTicketId } from '../domain/tickets/ticket';
import { deskMessageId } from '../domain/mail/desk-message-id';
import { publicEvent } from '../domain/tickets/event-visibility';
import { eachInTicketOrder } from './event-batch';
import { emailRecipients } from '../messaging/email-recipients';
import { eventCategory } from '../messaging/event-message';
import { chatContextOf } from '../messaging/chat-message';
import { notificationEmail } from '../messaging/notification-email';
import type { ClientStore } from '../ports/client-store';
import type { Client, Contact } from '../domain/clients/client';
import type { Clock } from '../ports/clock';
import type { EmailReceiptStore } from '../ports/email-receipt-store';
import type { EmailSender, EmailThreading } from '../ports/email-sender';
import type { MailStore } from '../ports/mail-store';
import type { TicketStore } from '../ports/ticket-store';

/** A client's contacts and settings, read once per event or per batch of events. */
interface ClientReads {
  contacts(clientId: string): Promise<Contact[]>;
  client(clientId: string): Promise<Client | undefined>;
}

function cached<T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) map.set(key, (value = read()));
  return value;
}

export interface EmailDeliveryReport {
  readonly sent: readonly string[];
  readonly alreadySent: readonly string[];
}

/** Thrown when some recipients could not be mailed yet; the topic delivers the event again for them. */
export class EmailDeliveryIncompleteError extends Error {
  override readonly name = 'EmailDeliveryIncompleteError';
}

/**
 * E-mail for the `deliver-*-email` subscriptions: one message per recipient (no one sees the others'
 * addresses), each at most once per event thanks to a receipt claimed before and confirmed after sending.
 *
 * Retrying is the topic's: when a recipient fails the handler throws, Service Bus (or the local pump)
 * delivers the event again and only the recipients without a receipt are mailed. After the
 * subscription's maximum delivery count the event is dead-lettered there.
 */
export class EmailDeliveryService {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly receipts: EmailReceiptStore,
    private readonly sender: EmailSender,
    private readonly clock: Clock,
    private readonly supportLead: string | undefined,
    /** Threads ticket mail (docs/product-spec.md §8): the ticket's Message-IDs so far, and where to add the new one's. */
    private readonly threads?: {
      readonly store: Pick<MailStore, 'thread' | 'addToThread' | 'findThread'>;
      readonly supportAddress: string;
    },
    /** The desk's public URL, for links to the ticket's page; none without it. */
    private readonly publicUrl?: string,
  ) {}

  /**
   * A batch of events, each ticket's in order (`eachInTicketOrder`): each client's contacts and settings
   * are read once for the batch, not once per event. When an event could not be finished the batch
   * comes again, and the recipients already mailed find their receipts.
   */
  async deliverAll(events: readonly CloudEvent[]): Promise<void> {
    const shared = this.#clientReads();
    await eachInTicketOrder(events, (event) => this.deliver(event, shared));
  }

  async deliver(event: CloudEvent, reads = this.#clientReads()): Promise<EmailDeliveryReport> {
    const category = eventCategory(event.type);
    const contacts = await reads.contacts(event.clientid);
    // `ticket.created` names its reporter and a new ticket has no assignee, so it needs no read of the
    // ticket: mail about a creation goes to whom the creation concerned, as an assignment does.
    const needsTicket =
      (category === 'ticket' || category === 'sla') &&
      !(event.type === 'ticket.created' && typeof event.data.reporter === 'string');
    const ticket = needsTicket ? await this.#ticket(event) : undefined;
    const reporter = typeof event.data.reporter === 'string' ? event.data.reporter : ticket?.reporter;
    // An assignment is mailed to whom it assigned, not to whoever holds the ticket when it is delivered.
    const assignee =
      event.type === 'ticket.assigned' && typeof event.data.assignee === 'string'
        ? event.data.assignee
        : ticket?.assignee;
    const recipients = emailRecipients(event, {
      contacts,
      ...(reporter ? { reporter } : {}),
      ...(assignee ? { assignee } : {}),
      ...(this.supportLead ? { supportLead: this.supportLead } : {}),
    });
    if (recipients.length === 0) return { sent: [], alreadySent: [] };

    // Due times in the client's timezone, severities by their names, links to the portal or the console.
    const client = await reads.client(event.clientid);
    const where = client ?? { name: event.clientid, timezone: 'UTC', agreement: { severities: [] } };
    const contextFor = (audience: 'staff' | 'client') => chatContextOf(where, audience, this.publicUrl);
    // Contacts get the public form: no handover notes; internal events never reach them at all.
    const shown = { staff: notificationEmail(event, contextFor('staff')), client: publicEvent(event) };
    const sent: string[] = [];
    const alreadySent: string[] = [];
    const problems: string[] = [];
    const threadOf = await this.#thread(event);
    for (const { address: to, audience } of recipients) {
      const visible = audience === 'staff' ? event : shown.client;
      if (!visible) continue;
      const content = audience === 'staff' ? shown.staff : notificationEmail(visible, contextFor('client'));
      const claim = await this.receipts.claim(event.id, to);
      if (claim === 'already-sent') {
        alreadySent.push(to);
        continue;
      }
      const idempotencyKey = `${event.id}|${to}`;
      const threading = threadOf?.(idempotencyKey);
      // Ticket mail is confirmed by its Message-ID joining the thread, not by a second receipt write: a
      // claim found unconfirmed (a batch that came back, a sender that died) may have been sent already.
      if (claim !== 'claimed' && threading && threadOf && (await threadOf.sent(threading.messageId))) {
        alreadySent.push(to);
        continue;
      }
      if (claim === 'in-progress') {
        problems.push(`${to}: another delivery of this event is sending it`);
        continue;
      }
      try {
        await this.sender.send({
          to,
          subject: content.subject,
          text: content.text,
          idempotencyKey,
          ...(threading ? { threading } : {}),
        });
        // Remembered so a reply (or a bounce) naming it finds the ticket; the same id on a retried send.
        // That row is also the receipt's confirmation: the claim stays as it is.
        if (threading && threadOf) await threadOf.remember(threading.messageId);
        else await this.receipts.markSent(event.id, to, this.clock.now());
      } catch (error) {
        await this.receipts.release(event.id, to);
        problems.push(`${to}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      sent.push(to);
    }
    if (problems.length > 0) {
      throw new EmailDeliveryIncompleteError(
        `E-mail for ${event.id} is incomplete (${sent.length + alreadySent.length} of ${recipients.length} done): ${problems.join('; ')}`,
      );
    }
    return { sent, alreadySent };
  }

  /** Reads of clients' contacts and settings, each made once however often it is asked for. */
  #clientReads(): ClientReads {
    const contacts = new Map<string, Promise<Contact[]>>();
    const clients = new Map<string, Promise<Client | undefined>>();
    return {
      contacts: (id) => cached(contacts, id, () => this.clients.listContacts(id)),
      client: (id) => cached(clients, id, () => this.clients.getClient(id)),
    };
  }

  /**
   * For a ticket's event: each recipient's mail gets a Message-ID derived from its idempotency key (so a
   * retried send repeats it) and naming the ticket, `References` to the ticket's thread so far and `Reply-To` the support address.
   */
  async #thread(event: CloudEvent): Promise<
    | (((key: string) => EmailThreading) & {
        remember(messageId: string): Promise<void>;
        sent(messageId: string): Promise<boolean>;
      })
    | undefined
  > {
    const id = parseTicketId(event.subject);
    if (!this.threads || !id) return undefined;
    const { store, supportAddress } = this.threads;
    const ref = { clientId: event.clientid, number: id.number };
    // The mail that caused the event (a ticket raised or a reply taken by mail) may not be in the thread
    // yet: the intake adds it after the commit this event comes from.
    const cause = typeof event.data.messageId === 'string' ? [event.data.messageId] : [];
    // A ticket's first mail has no thread before it but its cause: nothing was mailed about a ticket
    // before it existed, so its creation skips the read (one query fewer per ticket).
    const earlier = event.type === 'ticket.created' ? [] : await store.thread(ref);
    const references = [...new Set([...earlier, ...cause])].slice(-20);
    const domain = supportAddress.split('@')[1] ?? 'support-desk.local';
    // The id names its ticket (`deskMessageId`): the store then needs no global index row to find it.
    const make = (key: string): EmailThreading => ({
      messageId: deskMessageId(createHash('sha256').update(key).digest('hex').slice(0, 32), ref, domain),
      references,
      replyTo: supportAddress,
    });
    return Object.assign(make, {
      remember: (messageId: string) => store.addToThread(messageId, ref),
      sent: async (messageId: string) => (await store.findThread([messageId])) !== undefined,
    });
  }

  /** The event's ticket, for its reporter and assignee (events after the first do not repeat them). */
  async #ticket(event: CloudEvent): Promise<{ reporter: string; assignee?: string } | undefined> {
    const id = parseTicketId(event.subject);
    if (!id) return undefined;
    const ticket = (await this.tickets.get(event.clientid, id.number))?.ticket as
      { reporter: string; assignee?: unknown } | undefined;
    if (!ticket) return undefined;
    return { reporter: ticket.reporter, ...(typeof ticket.assignee === 'string' ? { assignee: ticket.assignee } : {}) };
  }
}
