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

/** The admin key or a member of staff: the support desk, which sees every client. */
export function isStaff(principal: Principal): boolean {
  return principal.kind === 'admin';
}

/** The admin key, or a staff member with the role (leads manage keys and read reports). */
export function hasStaffRole(principal: Principal, _role: 'engineer' | 'lead'): boolean {
  return principal.kind === 'admin';
}

/** A contact principal's roles at a client; `[]` for anyone else or another client. */
export function contactRolesAt(principal: Principal, clientId: string): readonly ('requester' | 'approver')[] {
  // Contact sessions (and with them the roles a contact holds) come with the people work (SPEC §4).
  void principal;
  void clientId;
  return [];
}
