import type { Client } from '../domain/clients/client';
import type { ClientStore } from '../ports/client-store';
import type { StoredTicket, TicketStore } from '../ports/ticket-store';
import { parseTicketId } from '../domain/tickets/ticket';

/**
 * Finds a ticket by its id (`ACME-12`: the prefix names the client in one point read). Who may see it
 * is the caller's decision; an id that is malformed or unknown gives `undefined`, never an error, so
 * every miss can become the same 404.
 */
export async function findTicket(
  clients: ClientStore,
  tickets: TicketStore,
  ticketId: string,
  visible: (clientId: string) => boolean = () => true,
): Promise<{ client: Client; stored: StoredTicket } | undefined> {
  const id = parseTicketId(ticketId);
  if (!id) return undefined;
  const clientId = await clients.clientIdForPrefix(id.prefix);
  if (!clientId || !visible(clientId)) return undefined;
  const [client, stored] = await Promise.all([clients.getClient(clientId), tickets.get(clientId, id.number)]);
  return client && stored ? { client, stored } : undefined;
}
