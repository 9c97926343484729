import { z } from 'zod';
import type { Agreement } from '../agreement/agreement';

export const clientIdSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/,
    'must be a lowercase slug: a-z, 0-9 and inner hyphens, at most 48 characters',
  );

export const ticketPrefixSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,11}$/, 'must be 2–12 capital letters or digits, starting with a letter');

/** `ticket.*`, `sla.breached`, `*`: the event types a webhook wants. */
export const eventPatternSchema = z
  .string()
  .regex(/^(\*|[a-z]+\.(\*|[a-z-]+))$/, 'must be an event type like `sla.breached`, a family like `ticket.*`, or `*`');

/**
 * What a webhook's receiver reads (docs/product-spec.md §13): `standard`, signed CloudEvents; `slack`, an incoming-webhook
 * message; `teams`, a Teams Workflows message with one Adaptive Card. A chat webhook's URL is its secret.
 */
export const webhookFormats = ['standard', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];
export type ChatFormat = Exclude<WebhookFormat, 'standard'>;

/** A webhook as stored: always `secrets` (none for a chat webhook). */
export interface StoredWebhook {
  readonly url: string;
  readonly secrets: readonly string[];
  readonly events: readonly string[];
  readonly includeInternal: boolean;
  /** Absent on webhooks stored before formats: `standard`. */
  readonly format?: WebhookFormat;
}

/** The stored secrets of a webhook, newest first, whichever form it was given (or stored) in. */
export function webhookSecrets(webhook: {
  readonly secret?: string | undefined;
  readonly secrets?: readonly string[] | undefined;
}): readonly string[] {
  return webhook.secrets ?? (webhook.secret ? [webhook.secret] : []);
}

/**
 * A webhook as a client's settings give it: one `secret` (the form of earlier versions) or up to two
 * `secrets`, newest first; the client service stores either as `secrets`.
 */
export interface WebhookSettings {
  url: string;
  secret?: string | undefined;
  secrets?: string[] | undefined;
  events: string[];
  includeInternal: boolean;
  /** `standard` unless given; a chat format takes no secret and no internal events. */
  format?: WebhookFormat | undefined;
}

/** What is set about a client: its agreement and notifications (validated at the edge, `src/http/operations/client-schemas.ts`). */
export interface ClientSettings {
  name: string;
  ticketPrefix: string;
  timezone: string;
  agreement: Agreement;
  notifications: { webhooks: WebhookSettings[] };
  /** `false` offboards the client: its keys and contacts are refused; its data is kept. */
  active: boolean;
}

export interface Client extends ClientSettings {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The current agreement version (docs/agreement-versions.md); absent on clients stored before versions: 1. */
  readonly agreementVersion?: number;
}

export const contactRoles = ['requester', 'approver'] as const;

export type ContactRole = (typeof contactRoles)[number];

/** What is set about a client contact. */
export interface ContactSettings {
  name: string;
  roles: ContactRole[];
  active: boolean;
}

export interface Contact extends ContactSettings {
  readonly clientId: string;
  readonly email: string;
  readonly updatedAt: string;
}

export const apiKeyScopes = ['tickets:read', 'tickets:write', 'alerts:write'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export interface ApiKeyRecord {
  readonly id: string;
  readonly clientId: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  /** SHA-256 of the whole key; the key itself is shown once and never stored. */
  readonly hash: string;
  readonly createdAt: string;
  /** When a request last authenticated with it (recorded at most once a minute). */
  readonly lastUsedAt?: string;
  /** Set when revoked: the key is refused from then on; the record stays for the audit trail. */
  readonly revokedAt?: string;
}
