import type { ClientStore } from '../ports/client-store';
import type { StaffTokenVerifier } from '../ports/staff-token-verifier';
import { hashApiKey, looksLikeApiKey, secretsEqual } from './api-keys';
import type { PersonDirectory } from './person-directory';
import type { Principal } from './principal';

export interface BearerAuthentication {
  readonly adminKey: string;
  readonly clients: ClientStore;
  readonly directory: PersonDirectory;
  /** Present when staff sign in with Entra ID (`SUPPORTDESK_STAFF_OIDC_*`). */
  readonly staffTokens?: StaffTokenVerifier;
  readonly now?: Date;
}

/** A key's `lastUsedAt` is written at most this often: a busy integration must not cost a write per request. */
const lastUsedResolutionMs = 60_000;

const looksLikeJwt = (token: string): boolean => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);

/**
 * Resolves a bearer token to a principal, or `undefined` when it is nothing we accept: the admin key;
 * a client key (read afresh on every request, so a revocation or a deactivated client applies at once);
 * or a staff JWT whose person is an active member of staff.
 */
export async function authenticate(token: string, auth: BearerAuthentication): Promise<Principal | undefined> {
  if (secretsEqual(token, auth.adminKey)) return { kind: 'admin' };
  if (looksLikeApiKey(token)) {
    const now = auth.now ?? new Date();
    const hash = hashApiKey(token);
    const record = await auth.clients.findApiKey(hash);
    if (!record || record.revokedAt) return undefined;
    const client = await auth.clients.getClient(record.clientId);
    if (!client || client.active === false) return undefined;
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= lastUsedResolutionMs) {
      // Best effort and not awaited: recording use must never fail or slow the request.
      auth.clients.touchApiKey(hash, now.toISOString()).catch(() => undefined);
    }
    return {
      kind: 'client-key',
      clientId: record.clientId,
      keyId: record.id,
      name: record.name,
      scopes: record.scopes,
    };
  }
  if (auth.staffTokens && looksLikeJwt(token)) {
    const claims = await auth.staffTokens.verify(token);
    if (!claims) return undefined;
    for (const address of [claims.preferredUsername, claims.email]) {
      if (!address?.includes('@')) continue;
      const staff = await auth.directory.findStaff(address);
      if (staff) return { kind: 'staff', email: staff.email, name: staff.name, roles: staff.roles };
    }
  }
  return undefined;
}
