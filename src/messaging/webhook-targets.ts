import { createHash } from 'node:crypto';
import { webhookSecrets, type ChatFormat, type Client, type WebhookFormat } from '../domain/clients/client';

/** One URL a client's events go to, with what it wants and how its requests are signed. */
export interface WebhookTarget {
  /** Stable while the URL stays: lanes and deliveries are filed under it. */
  readonly key: string;
  readonly url: string;
  /** Newest first; every request carries a signature for each (`standard` only). */
  readonly secrets: readonly string[];
  readonly events: readonly string[];
  /** Staff-only events are sent too (opt-in; see docs/security.md). */
  readonly includeInternal: boolean;
  readonly format: WebhookFormat;
  /** Who reads it: the client's people (links to the portal) or the desk's engineers (links to the console). */
  readonly audience: 'client' | 'staff';
}

/** The desk's own chat channel (`SUPPORTDESK_STAFF_CHAT_WEBHOOK`, `SUPPORTDESK_STAFF_CHAT_FORMAT`). */
export interface StaffChatChannel {
  readonly url: string;
  readonly format: ChatFormat;
}

/**
 * What the desk's channel hears of every client: tickets as they arrive, SLA warnings and breaches, and
 * mail held in quarantine (a type the e-mail intake publishes; matched by name so the channel hears it
 * from the day it exists).
 */
export const staffChatEvents: readonly string[] = ['ticket.created', 'sla.warning', 'sla.breached', 'mail.quarantined'];

export const webhookKey = (url: string): string => createHash('sha256').update(url).digest('hex').slice(0, 16);

/**
 * The client's webhooks, one per URL: the same URL configured twice receives each event once, for the
 * union of the patterns, signed with the first entry's secrets and in the first entry's format, with
 * internal events only if every entry for the URL asked for them.
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
        : {
            key,
            url: webhook.url,
            secrets: webhookSecrets(webhook),
            events: webhook.events,
            includeInternal,
            format: webhook.format ?? 'standard',
            audience: 'client',
          },
    );
  }
  return [...byKey.values()];
}

/**
 * The client's webhooks and, when configured, the desk's channel, which files its lanes under a key of
 * its own (a client webhook on the same URL keeps its own lanes and deliveries).
 */
export function deliveryTargets(client: Pick<Client, 'notifications'>, staff?: StaffChatChannel): WebhookTarget[] {
  return [...webhookTargets(client), ...deskTargets(staff)];
}

/**
 * Where the desk's own events (no client: `mail.quarantined`, filed under `~desk`) go: the desk's channel
 * alone, under the same key as for a client's events. Clients' webhooks and e-mail never see them.
 */
export function deskTargets(staff: StaffChatChannel | undefined): WebhookTarget[] {
  if (!staff) return [];
  return [
    {
      key: webhookKey(`staff|${staff.url}`),
      url: staff.url,
      secrets: [],
      events: staffChatEvents,
      // The support team reads it; the events it takes are public ones anyway.
      includeInternal: true,
      format: staff.format,
      audience: 'staff',
    },
  ];
}
