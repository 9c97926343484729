import { createHash } from 'node:crypto';
import { webhookSecrets, type Client } from '../domain/clients/client';

/** One URL a client's events go to, with what it wants and how its requests are signed. */
export interface WebhookTarget {
  /** Stable while the URL stays: lanes and deliveries are filed under it. */
  readonly key: string;
  readonly url: string;
  /** Newest first; every request carries a signature for each. */
  readonly secrets: readonly string[];
  readonly events: readonly string[];
  /** Staff-only events are sent too (opt-in; see docs/security.md). */
  readonly includeInternal: boolean;
}

export const webhookKey = (url: string): string => createHash('sha256').update(url).digest('hex').slice(0, 16);

/**
 * The client's webhooks, one per URL: the same URL configured twice receives each event once, for the
 * union of the patterns, signed with the first entry's secrets, with internal events only if every
 * entry for the URL asked for them.
 */
export function webhookTargets(client: Pick<Client, 'notifications'>): WebhookTarget[] {
  const byKey = new Map<string, WebhookTarget>();
  for (const webhook of client.notifications.webhooks) {
    const key = webhookKey(webhook.url);
    const seen = byKey.get(key);
    const includeInternal = webhook.includeInternal ?? false;
    byKey.set(
      key,
      seen
        ? {
            ...seen,
            events: [...seen.events, ...webhook.events],
            includeInternal: seen.includeInternal && includeInternal,
          }
        : { key, url: webhook.url, secrets: webhookSecrets(webhook), events: webhook.events, includeInternal },
    );
  }
  return [...byKey.values()];
}
