import type { CloudEvent } from '../domain/events/cloud-event';
import { parseTicketId } from '../domain/tickets/ticket';
import { publicEvent } from '../domain/tickets/event-visibility';
import { emailRecipients } from '../messaging/email-recipients';
import { eventCategory } from '../messaging/event-message';
import { chatContextOf } from '../messaging/chat-message';
import { notificationEmail } from '../messaging/notification-email';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { EmailReceiptStore } from '../ports/email-receipt-store';
import type { EmailSender } from '../ports/email-sender';
import type { TicketStore } from '../ports/ticket-store';

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
    /** The desk's public URL, for links to the ticket's page; none without it. */
    private readonly publicUrl?: string,
  ) {}

  async deliver(event: CloudEvent): Promise<EmailDeliveryReport> {
    const category = eventCategory(event.type);
    const contacts = await this.clients.listContacts(event.clientid);
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
    const client = await this.clients.getClient(event.clientid);
    const where = client ?? { name: event.clientid, timezone: 'UTC', agreement: { severities: [] } };
    const contextFor = (audience: 'staff' | 'client') => chatContextOf(where, audience, this.publicUrl);
    // Contacts get the public form: no handover notes; internal events never reach them at all.
    const shown = { staff: notificationEmail(event, contextFor('staff')), client: publicEvent(event) };
    const sent: string[] = [];
    const alreadySent: string[] = [];
    const problems: string[] = [];
    for (const { address: to, audience } of recipients) {
      const visible = audience === 'staff' ? event : shown.client;
      if (!visible) continue;
      const content = audience === 'staff' ? shown.staff : notificationEmail(visible, contextFor('client'));
      const claim = await this.receipts.claim(event.id, to);
      if (claim === 'already-sent') {
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
          idempotencyKey: `${event.id}|${to}`,
        });
      } catch (error) {
        await this.receipts.release(event.id, to);
        problems.push(`${to}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      await this.receipts.markSent(event.id, to, this.clock.now());
      sent.push(to);
    }
    if (problems.length > 0) {
      throw new EmailDeliveryIncompleteError(
        `E-mail for ${event.id} is incomplete (${sent.length + alreadySent.length} of ${recipients.length} done): ${problems.join('; ')}`,
      );
    }
    return { sent, alreadySent };
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
