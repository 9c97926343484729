import { z } from 'zod';
import { agreementSchema, timezoneSchema } from '../../domain/agreement/agreement';
import {
  apiKeyScopes,
  contactRoles,
  eventPatternSchema,
  ticketPrefixSchema,
  webhookFormats,
  type ClientSettings,
  type ContactSettings,
} from '../../domain/clients/client';

/**
 * The request bodies of the client routes. The values they hold (slugs, prefixes, event patterns, the
 * agreement) are validated by the domain's schemas; the shapes, caps and defaults of a body are the
 * API's, so they live here. Each body's output is checked against the domain type the use case takes.
 */

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
    secrets: z
      .array(webhookSecretSchema)
      .min(1)
      .max(2)
      .optional()
      .describe('One or two signing secrets, newest first; each delivery carries a signature for each.'),
    events: z.array(eventPatternSchema).min(1).max(50),
    includeInternal: z
      .boolean()
      .default(false)
      .describe(
        "Also send staff-only events (internal comments, escalation handover notes). Only for the support team's own receivers.",
      ),
    format: z
      .enum(webhookFormats)
      .default('standard')
      .describe(
        '`standard`: signed CloudEvents (Standard Webhooks). `slack`: a Slack incoming-webhook message (`text` + `blocks`). `teams`: a Teams Workflows message with one Adaptive Card. A chat webhook takes no secret (its URL is the secret, masked when read back) and never internal events.',
      ),
  })
  .refine((w) => w.format !== 'standard' || (w.secret === undefined) !== (w.secrets === undefined), {
    message: 'give either `secret` or `secrets`',
    path: ['secrets'],
  })
  // Slack and Teams do not check signatures: a secret there would only look like protection.
  .refine((w) => w.format === 'standard' || (w.secret === undefined && w.secrets === undefined), {
    message: 'a chat webhook (`slack`, `teams`) takes no secret: its URL is the secret',
    path: ['secrets'],
  })
  // A chat channel is read by people: the client's people, who never see internal notes.
  .refine((w) => w.format === 'standard' || !w.includeInternal, {
    message: 'a chat webhook (`slack`, `teams`) never receives internal events',
    path: ['includeInternal'],
  });

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
    .describe(
      '`false` offboards the client: its keys and contacts are refused; its data is kept and staff can still read it.',
    ),
  // GET shows it, so a client read, edited and PUT back is accepted; the store numbers versions itself.
  agreementVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Read-only, ignored: a PUT whose agreement or timezone differs makes the next version.'),
}) satisfies z.ZodType<ClientSettings, unknown>;

/** The body of `PUT /api/clients/{clientId}/contacts/{email}`. */
export const contactBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(contactRoles)).min(1).max(2),
  active: z.boolean().default(true),
}) satisfies z.ZodType<ContactSettings, unknown>;

/** The body of `POST /api/clients/{clientId}/api-keys`. */
export const apiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length),
});
