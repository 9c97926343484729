import type { Client } from '../clients/client';
import { mailIntakeSeverity } from '../agreement/agreement';
import { DomainError } from '../domain-error';
import type { TicketChannel, TicketType } from './ticket';

/**
 * The rules deciding a new ticket's intake fields: whether the client takes tickets, which severities
 * it offers, the channel a ticket came in by and when it was received. Pure: the caller has read the
 * client and knows who raises the ticket.
 */

/** Who raises a ticket, as far as intake cares: the kinds of caller the API knows. */
export type RaisedBy = 'admin' | 'staff' | 'contact' | 'client-key';

/** How far back staff may date a ticket they raise on a contact's behalf. */
export const maxBackdatingMs = 7 * 24 * 3_600_000;

/** An inactive client takes no new tickets, by any channel. */
export function assertTakesTickets(client: Pick<Client, 'id' | 'active'>): void {
  if (client.active === false)
    throw new DomainError('conflict', `Client ${client.id} is inactive: it takes no new tickets.`, 'clientId');
}

/** A ticket's severity is one of the client's agreement's severities. */
export function assertSeverityOffered(client: Pick<Client, 'agreement'>, severity: string): void {
  const offered = client.agreement.severities.map((s) => s.id);
  if (!offered.includes(severity)) {
    throw new DomainError(
      'invalid',
      `Unknown severity "${severity}"; this client has ${offered.join(', ')}.`,
      'severity',
    );
  }
}

/**
 * The channel a ticket came in by, and when. Only staff say how (phone, e-mail, in person) and may date
 * it back to the call, at most 7 days and never in the future: its clocks start then. Everyone else gets
 * the channel their credentials imply and the time of the request.
 */
export function ticketIntake(
  raisedBy: RaisedBy,
  given: { readonly channel?: 'phone' | 'email' | 'in-person'; readonly receivedAt?: string },
  now: Date,
): { channel: TicketChannel; receivedAt: string } {
  const staffish = raisedBy === 'staff' || raisedBy === 'admin';
  if (!staffish && given.channel !== undefined)
    throw new DomainError(
      'forbidden',
      "Only staff raising a ticket on a contact's behalf choose the channel.",
      'channel',
    );
  if (given.receivedAt !== undefined && given.channel === undefined) {
    throw new DomainError(
      'invalid',
      'A receipt time goes with the channel the ticket came in by (phone, email, in-person).',
      'receivedAt',
    );
  }
  if (raisedBy === 'staff' && given.channel === undefined) {
    throw new DomainError('invalid', 'Say how the contact reached you: phone, email or in-person.', 'channel');
  }
  const channel: TicketChannel = given.channel ?? (raisedBy === 'contact' ? 'portal' : 'api');
  if (given.receivedAt === undefined) return { channel, receivedAt: now.toISOString() };
  const at = Date.parse(given.receivedAt);
  if (at > now.getTime()) throw new DomainError('unprocessable', 'The receipt time is in the future.', 'receivedAt');
  if (at < now.getTime() - maxBackdatingMs)
    throw new DomainError('unprocessable', 'The receipt time is more than 7 days ago.', 'receivedAt');
  return { channel, receivedAt: new Date(at).toISOString() };
}

/**
 * A ticket raised from a mail: channel `email`, received when the mailbox received it (its clocks start
 * then, however long ago), a defect at the agreement's intake severity.
 */
export function mailIntake(
  client: Pick<Client, 'agreement'>,
  receivedAt: string,
): { channel: TicketChannel; receivedAt: string; severity: string; type: TicketType } {
  return { channel: 'email', receivedAt, severity: mailIntakeSeverity(client.agreement), type: 'defect' };
}
