import { z } from 'zod';
import { agreementSchema, timezoneSchema } from '../agreement/agreement';
import { maskUrlCredentials } from '../network/outbound-url';

export const clientIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'must be a lowercase slug: a-z, 0-9 and inner hyphens, at most 48 characters');

export const ticketPrefixSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,11}$/, 'must be 2–12 capital letters or digits, starting with a letter');

/** `ticket.*`, `sla.breached`, `*`: the event types a webhook wants. */
export const eventPatternSchema = z
  .string()
  .regex(/^(\*|[a-z]+\.(\*|[a-z-]+))$/, 'must be an event type like `sla.breached`, a family like `ticket.*`, or `*`');

const webhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, 'must be a Standard Webhooks secret: `whsec_` followed by base64');

/**
 * `secrets` (one or two, newest first) lets a receiver rotate: every delivery is signed with each, so
 * the receiver may switch to the new secret before the old one is dropped. `secret` is the one-secret
 * form of earlier versions; the client service stores either as `secrets`.
 */
export const webhookSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
    secret: webhookSecretSchema.optional().describe('One signing secret; or give `secrets`.'),
    secrets: z.array(webhookSecretSchema).min(1).max(2).optional().describe('One or two signing secrets, newest first; each delivery carries a signature for each.'),
    events: z.array(eventPatternSchema).min(1).max(50),
    includeInternal: z
      .boolean()
      .default(false)
      .describe('Also send staff-only events (internal comments, escalation handover notes). Only for the support team\'s own receivers.'),
  })
  .refine((w) => (w.secret === undefined) !== (w.secrets === undefined), { message: 'give either `secret` or `secrets`', path: ['secrets'] });

/** A webhook as stored: always `secrets`. */
export interface StoredWebhook {
  readonly url: string;
  readonly secrets: readonly string[];
  readonly events: readonly string[];
  readonly includeInternal: boolean;
}

/** The stored secrets of a webhook, newest first, whichever form it was given (or stored) in. */
export function webhookSecrets(webhook: { readonly secret?: string | undefined; readonly secrets?: readonly string[] | undefined }): readonly string[] {
  return webhook.secrets ?? (webhook.secret ? [webhook.secret] : []);
}

export const notificationsSchema = z.strictObject({
  webhooks: z.array(webhookSchema).max(20).default([]),
});

/** The body of `PUT /api/clients/{clientId}`. */
export const clientBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  ticketPrefix: ticketPrefixSchema,
  timezone: timezoneSchema,
  agreement: agreementSchema,
  notifications: notificationsSchema.default({ webhooks: [] }),
  active: z
    .boolean()
    .default(true)
    .describe('`false` offboards the client: its keys and contacts are refused; its data is kept and staff can still read it.'),
});

export type ClientBody = z.output<typeof clientBodySchema>;

export interface Client extends ClientBody {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The current agreement version (docs/agreement-versions.md); absent on clients stored before versions: 1. */
  readonly agreementVersion?: number;
}

export const contactRoles = ['requester', 'approver'] as const;

/** The body of `PUT /api/clients/{clientId}/contacts/{email}`. */
export const contactBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(contactRoles)).min(1).max(2),
  active: z.boolean().default(true),
});

export type ContactBody = z.output<typeof contactBodySchema>;

export interface Contact extends ContactBody {
  readonly clientId: string;
  readonly email: string;
  readonly updatedAt: string;
}

export const apiKeyScopes = ['tickets:read', 'tickets:write', 'alerts:write'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** The body of `POST /api/clients/{clientId}/api-keys`. */
export const apiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length),
});

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

/** A secret as the API shows it: enough to tell two apart, never enough to sign with. */
export const maskSecret = (secret: string): string => `${secret.slice(0, 10)}…`;

/** A client as the API shows it: webhook secrets are write-only, credentials in URLs masked. */
export function presentClient(client: Client): Client {
  return {
    ...client,
    active: client.active ?? true,
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
