import type { ApiKeyScope } from '../domain/clients/client';

export type StaffRole = 'engineer' | 'lead';
export type ContactRoleName = 'requester' | 'approver';

/** Who a request authenticated as. */
export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'client-key'; readonly clientId: string; readonly keyId: string; readonly name: string; readonly scopes: readonly ApiKeyScope[] }
  /** A member of the support team (session or Entra JWT). */
  | { readonly kind: 'staff'; readonly email: string; readonly name: string; readonly roles: readonly StaffRole[] }
  /** A client contact (session); one person may be a contact of several clients. */
  | {
      readonly kind: 'contact';
      readonly email: string;
      readonly name: string;
      readonly memberships: readonly { readonly clientId: string; readonly roles: readonly ContactRoleName[] }[];
    };

/** The admin key or a member of staff: the support desk, which sees every client. */
export function isStaff(principal: Principal): boolean {
  return principal.kind === 'admin' || principal.kind === 'staff';
}

/** The admin key keeps every right; a member of staff has the roles given. */
export function hasStaffRole(principal: Principal, role: StaffRole): boolean {
  return principal.kind === 'admin' || (principal.kind === 'staff' && principal.roles.includes(role));
}

/** A contact principal's roles at a client; `[]` for anyone else or another client. */
export function contactRolesAt(principal: Principal, clientId: string): readonly ContactRoleName[] {
  if (principal.kind !== 'contact') return [];
  return principal.memberships.find((m) => m.clientId === clientId)?.roles ?? [];
}

/** Who is named on timeline events and ledger entries: an e-mail, a key's name, or `admin`. */
export function actorName(principal: Principal): string {
  switch (principal.kind) {
    case 'admin':
      return 'admin';
    case 'client-key':
      return principal.name;
    case 'staff':
    case 'contact':
      return principal.email;
  }
}

/** The scope an Idempotency-Key lives in: one caller's keys never collide with another's. */
export function idempotencyScope(principal: Principal): string {
  switch (principal.kind) {
    case 'admin':
      return 'admin';
    case 'client-key':
      return `key:${principal.keyId}`;
    case 'staff':
      return `staff:${principal.email}`;
    case 'contact':
      return `contact:${principal.email}`;
  }
}

/**
 * The one client a principal is confined to; `undefined` for staff, who see every client. A contact
 * of several clients is confined to their memberships (see `canSeeClient`), not to one client.
 */
export function principalClient(principal: Principal): string | undefined {
  if (principal.kind === 'client-key') return principal.clientId;
  if (principal.kind === 'contact') return principal.memberships[0]?.clientId ?? '';
  return undefined;
}

export function canSeeClient(principal: Principal, clientId: string): boolean {
  if (principal.kind === 'contact') return principal.memberships.some((m) => m.clientId === clientId);
  const own = principalClient(principal);
  return own === undefined || own === clientId;
}
