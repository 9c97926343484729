/**
 * The Message-IDs of the mail the desk sends about a ticket (docs/mail-in.md, "Threading"):
 * `{hash}.{clientId}.{number}@{domain}`. The id names its ticket so that a reply's `In-Reply-To` leads
 * to the ticket's own thread without a global index row per mail sent (one Table write per notification
 * instead of two). What an id says is only a claim: the mail store confirms it in that ticket's thread.
 */

/** A ticket a desk Message-ID names. */
export interface MessageIdTicket {
  readonly clientId: string;
  readonly number: number;
}

// The hash: 32 hex digits of a sha256; the client id as `clientIdSchema` allows it
// (src/domain/clients/client.ts); the number as a ticket id's (src/domain/tickets/ticket.ts).
const deskMessageIdPattern = /^([0-9a-f]{32})\.([a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?)\.([1-9][0-9]{0,9})@[^@\s]+$/;

/** The Message-ID (without angle brackets) of one mail about `ticket`; `hash` is 32 hex digits. */
export function deskMessageId(hash: string, ticket: MessageIdTicket, domain: string): string {
  return `${hash}.${ticket.clientId}.${ticket.number}@${domain}`;
}

/** The ticket a Message-ID shaped like `deskMessageId`'s names; undefined for any other id (old or foreign). */
export function ticketNamedBy(messageId: string): MessageIdTicket | undefined {
  const match = deskMessageIdPattern.exec(messageId);
  if (!match?.[2] || !match[3]) return undefined;
  return { clientId: match[2], number: Number(match[3]) };
}
