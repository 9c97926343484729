import type { ClientStore } from '../ports/client-store';
import { hashApiKey, looksLikeApiKey, secretsEqual } from './api-keys';
import type { Principal } from './principal';

/** Resolves a bearer token to a principal, or `undefined` when it is no key we know. */
export async function authenticate(token: string, adminKey: string, clients: ClientStore): Promise<Principal | undefined> {
  if (secretsEqual(token, adminKey)) return { kind: 'admin' };
  if (!looksLikeApiKey(token)) return undefined;
  const record = await clients.findApiKey(hashApiKey(token));
  if (!record) return undefined;
  return { kind: 'client-key', clientId: record.clientId, keyId: record.id, name: record.name, scopes: record.scopes };
}
