import { webhookSecrets, type Client } from '../domain/clients/client';
import { maskUrlCredentials } from '../domain/network/outbound-url';

/** A secret as the API shows it: enough to tell two apart, never enough to sign with. */
export const maskSecret = (secret: string): string => `${secret.slice(0, 10)}…`;

/**
 * A chat webhook's URL as the API shows it: the URL is the credential (Slack and Teams check nothing
 * else), so only its origin is shown, e.g. `https://hooks.slack.com/…`.
 */
export function maskChatUrl(raw: string): string {
  try {
    return `${new URL(raw).origin}/${chatUrlMask}`;
  } catch {
    return chatUrlMask;
  }
}

const chatUrlMask = '…';

/** Whether a URL given in a PUT is the masked form read back (the `…` path, as typed or percent-encoded). */
export const isMaskedChatUrl = (raw: string): boolean => /\/(?:…|%E2%80%A6)$/i.test(raw);

/** A client as callers see it: webhook secrets are write-only, credentials in URLs masked, chat URLs shown by origin only. */
export function clientView(client: Client): Client {
  return {
    ...client,
    active: client.active ?? true,
    // Clients stored before agreement versions are at version 1 (docs/agreement-versions.md).
    agreementVersion: client.agreementVersion ?? 1,
    notifications: {
      webhooks: client.notifications.webhooks.map((w) =>
        (w.format ?? 'standard') === 'standard'
          ? {
              url: maskUrlCredentials(w.url),
              secrets: webhookSecrets(w).map(maskSecret),
              events: w.events,
              includeInternal: w.includeInternal ?? false,
              format: 'standard' as const,
            }
          : // No `secrets` at all: a chat webhook has none, and the view can be PUT back as it is.
            { url: maskChatUrl(w.url), events: w.events, includeInternal: false, format: w.format },
      ),
    },
  };
}
