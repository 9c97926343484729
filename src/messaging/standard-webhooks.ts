import { createHmac } from 'node:crypto';

/** The Standard Webhooks headers (https://www.standardwebhooks.com, symmetric scheme `v1`). */
export interface WebhookSignatureHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

const secretPrefix = 'whsec_';

/** The signing key: the base64 after `whsec_`, decoded. A secret without the prefix is taken as bare base64. */
export function webhookSigningKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('A webhook secret must hold a non-empty base64 key.');
  return key;
}

/**
 * `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`. The body must be the exact bytes sent:
 * receivers verify against the raw body, so it is serialised once and that string is both signed and sent.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', webhookSigningKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * The headers of one attempt. With several secrets (rotation, newest first) `webhook-signature`
 * carries one `v1,` signature per secret, space-separated, as Standard Webhooks allows: a receiver
 * holding either secret verifies.
 */
export function webhookSignatureHeaders(
  secrets: string | readonly string[],
  id: string,
  attemptedAt: Date,
  body: string,
): WebhookSignatureHeaders {
  // The timestamp is that of the attempt, not of the event: receivers reject stale ones to stop replays.
  const timestamp = Math.floor(attemptedAt.getTime() / 1000);
  const all = typeof secrets === 'string' ? [secrets] : secrets;
  if (all.length === 0) throw new Error('A webhook needs at least one secret.');
  const signature = all.map((secret) => signWebhook(secret, id, timestamp, body)).join(' ');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}
