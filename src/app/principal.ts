import type { ApiKeyScope } from '../domain/clients/client';

/** Who a request authenticated as. */
export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'client-key'; readonly clientId: string; readonly keyId: string; readonly name: string; readonly scopes: readonly ApiKeyScope[] }
  | { readonly kind: 'contact'; readonly clientId: string; readonly email: string };

/** The client a principal is confined to; `undefined` for the admin, who sees every client. */
export function principalClient(principal: Principal): string | undefined {
  return principal.kind === 'admin' ? undefined : principal.clientId;
}

export function canSeeClient(principal: Principal, clientId: string): boolean {
  const own = principalClient(principal);
  return own === undefined || own === clientId;
}

/**
 * The support team: the admin key, and (with staff sign-in) staff members. Staff see internal notes and
 * every client's data.
 */
export function isStaff(principal: Principal): boolean {
  return principal.kind === 'admin';
}

/** The admin key, or a staff member with the role (leads manage keys and read reports). */
export function hasStaffRole(principal: Principal, _role: 'engineer' | 'lead'): boolean {
  return principal.kind === 'admin';
}
