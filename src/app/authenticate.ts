import type { ClientStore } from '../ports/client-store';
import { hashApiKey, looksLikeApiKey, secretsEqual } from './api-keys';
import type { Principal } from './principal';

/** A key's `lastUsedAt` is written at most this often: a busy integration must not cost a write per request. */
const lastUsedResolutionMs = 60_000;

/**
 * Resolves a bearer token to a principal, or `undefined` when it is no key we accept: unknown,
 * revoked, or belonging to a client that has been deactivated. The key record is read afresh on every
 * request (see CachedClientStore), so a revocation applies to the very next request everywhere.
 */
export async function authenticate(token: string, adminKey: string, clients: ClientStore, now: Date = new Date()): Promise<Principal | undefined> {
  if (secretsEqual(token, adminKey)) return { kind: 'admin' };
  if (!looksLikeApiKey(token)) return undefined;
  const hash = hashApiKey(token);
  const record = await clients.findApiKey(hash);
  if (!record || record.revokedAt) return undefined;
  const client = await clients.getClient(record.clientId);
  if (!client || client.active === false) return undefined;
  if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= lastUsedResolutionMs) {
    // Best effort and not awaited: recording use must never fail or slow the request.
    clients.touchApiKey(hash, now.toISOString()).catch(() => undefined);
  }
  return { kind: 'client-key', clientId: record.clientId, keyId: record.id, name: record.name, scopes: record.scopes };
}
