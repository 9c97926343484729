import { createHash } from 'node:crypto';
import type { Client } from '../domain/clients/client';

/** One URL a client's events go to, with what it wants and how its requests are signed. */
export interface WebhookTarget {
  /** Stable while the URL stays: lanes and deliveries are filed under it. */
  readonly key: string;
  readonly url: string;
  readonly secret: string;
  readonly events: readonly string[];
}

export const webhookKey = (url: string): string => createHash('sha256').update(url).digest('hex').slice(0, 16);

/**
 * The client's webhooks, one per URL: the same URL configured twice receives each event once, for the
 * union of the patterns, signed with the first entry's secret.
 */
export function webhookTargets(client: Pick<Client, 'notifications'>): WebhookTarget[] {
  const byKey = new Map<string, WebhookTarget>();
  for (const webhook of client.notifications.webhooks) {
    const key = webhookKey(webhook.url);
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, events: [...seen.events, ...webhook.events] } : { key, url: webhook.url, secret: webhook.secret, events: webhook.events });
  }
  return [...byKey.values()];
}
