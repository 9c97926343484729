import type { ApiKeyScope } from '../domain/clients/client';
import type { ContactRole } from '../domain/people/membership';
import type { StaffRole } from '../domain/people/staff';

/** A client a contact belongs to, with their roles there. */
export interface ContactMembership {
  readonly clientId: string;
  readonly roles: readonly ContactRole[];
}

/** Who a request authenticated as. */
export type Principal =
  | { readonly kind: 'admin' }
  | {
      readonly kind: 'client-key';
      readonly clientId: string;
      readonly keyId: string;
      readonly name: string;
      readonly scopes: readonly ApiKeyScope[];
    }
  /** A member of the support team, signed in with a session or an Entra ID bearer token. */
  | { readonly kind: 'staff'; readonly email: string; readonly name: string; readonly roles: readonly StaffRole[] }
  /** A client contact signed in with a session; one person may be a contact of several clients. */
  | {
      readonly kind: 'contact';
      readonly email: string;
      readonly name: string;
      readonly memberships: readonly ContactMembership[];
    };

/** The admin key or a member of the support team: they see every client. */
export function isStaff(principal: Principal): boolean {
  return principal.kind === 'admin' || principal.kind === 'staff';
}

/** The admin key keeps every right; a staff member has the roles registered for them. */
export function hasStaffRole(principal: Principal, role: StaffRole): boolean {
  return principal.kind === 'admin' || (principal.kind === 'staff' && principal.roles.includes(role));
}

/** A contact principal's roles at a client; `[]` for anyone else or another client. */
export function contactRolesAt(principal: Principal, clientId: string): readonly ContactRole[] {
  if (principal.kind !== 'contact') return [];
  return principal.memberships.find((m) => m.clientId === clientId)?.roles ?? [];
}

/** The name recorded on timeline events: a person's e-mail, a key's name, or `admin`. */
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
function idempotencyScope(principal: Principal): string {
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

/** A caller's Idempotency-Key within their scope, as idempotency records are keyed; none without one. */
export function scopedIdempotencyKey(principal: Principal, idempotencyKey: string | undefined): string | undefined {
  return idempotencyKey === undefined ? undefined : `${idempotencyScope(principal)}|${idempotencyKey}`;
}

/** Whether a principal may see a client's data at all (finer rules, such as a requester's own tickets, apply on top). */
export function canSeeClient(principal: Principal, clientId: string): boolean {
  switch (principal.kind) {
    case 'admin':
    case 'staff':
      return true;
    case 'client-key':
      return principal.clientId === clientId;
    case 'contact':
      return contactRolesAt(principal, clientId).length > 0;
  }
}

/** The clients a principal is confined to; `undefined` for staff, who see every client. */
export function principalClients(principal: Principal): readonly string[] | undefined {
  switch (principal.kind) {
    case 'admin':
    case 'staff':
      return undefined;
    case 'client-key':
      return [principal.clientId];
    case 'contact':
      return principal.memberships.map((m) => m.clientId);
  }
}
