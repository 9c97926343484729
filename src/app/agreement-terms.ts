import { currentAgreementVersion, ticketAgreementVersion } from '../domain/agreement/agreement-version';
import type { Client } from '../domain/clients/client';
import type { SlaTerms } from '../domain/sla/sla-schedule';
import type { ClientStore } from '../ports/client-store';

/** The client's current terms: what a ticket received now is judged by. */
export const currentTerms = (client: Client): SlaTerms => ({ agreement: client.agreement, timezone: client.timezone });

/**
 * The terms a ticket's SLA is judged by: the agreement version (with its time zone) it was received
 * under, never the client's current one (docs/agreement-versions.md). A ticket of the current version
 * needs no read; older versions are point reads the cached store keeps for good.
 *
 * A version that cannot be found (it is written with the client row that first points at it, so only
 * a damaged partition lacks one) falls back to the current terms rather than leaving the ticket unjudged.
 */
export async function ticketTerms(
  clients: Pick<ClientStore, 'getAgreementVersion'>,
  client: Client,
  ticket: { readonly agreementVersion?: number },
): Promise<SlaTerms> {
  const version = ticketAgreementVersion(ticket);
  if (version === currentAgreementVersion(client)) return currentTerms(client);
  const found = await clients.getAgreementVersion(client.id, version);
  return found ? { agreement: found.agreement, timezone: found.timezone } : currentTerms(client);
}
