import { createHash } from 'node:crypto';

/**
 * What tells a repeat of a keyed request from another request under the same Idempotency-Key: the
 * SHA-256 of what the request asks for (its target and body), stored with the key's record.
 */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}
