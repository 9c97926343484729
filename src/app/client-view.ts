import { webhookSecrets, type Client } from '../domain/clients/client';
import { maskUrlCredentials } from '../domain/network/outbound-url';

/** A secret as the API shows it: enough to tell two apart, never enough to sign with. */
export const maskSecret = (secret: string): string => `${secret.slice(0, 10)}…`;

/** A client as callers see it: webhook secrets are write-only, credentials in URLs masked. */
export function clientView(client: Client): Client {
  return {
    ...client,
    active: client.active ?? true,
    // Clients stored before agreement versions are at version 1 (docs/agreement-versions.md).
    agreementVersion: client.agreementVersion ?? 1,
    notifications: {
      webhooks: client.notifications.webhooks.map((w) => ({
        url: maskUrlCredentials(w.url),
        secrets: webhookSecrets(w).map(maskSecret),
        events: w.events,
        includeInternal: w.includeInternal ?? false,
      })),
    },
  };
}
