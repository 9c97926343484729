import type { Client, Contact } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import type { ActingParty, ContactRole } from '../domain/tickets/state-machine';
import type { Actor, Ticket } from '../domain/tickets/ticket';
import { actorName, contactRolesAt, type Principal } from './principal';

/**
 * The tickets' access policy: who may read which tickets, which key scope a use case needs, and as whom
 * a caller acts on a ticket. Pure: the use cases read what it judges (`TicketService`,
 * `AttachmentService`, `SearchService` and the hour bank apply it).
 */

/** A client key needs the scope; every other caller holds both. */
export function requireScope(principal: Principal, scope: 'tickets:read' | 'tickets:write'): void {
  if (principal.kind === 'client-key' && !principal.scopes.includes(scope)) {
    throw new DomainError('forbidden', `This key lacks the ${scope} scope.`);
  }
}

/** Requesters see the tickets they raised; approvers, keys and staff every ticket they can reach (docs/product-spec.md §4). */
export function mayRead(principal: Principal, ticket: Pick<Ticket, 'clientId' | 'reporter'>): boolean {
  if (principal.kind !== 'contact') return true;
  const roles = contactRolesAt(principal, ticket.clientId);
  return roles.includes('approver') || (roles.length > 0 && ticket.reporter === principal.email);
}

/**
 * Whose tickets of a client the principal may list: everyone's (undefined), only their own (a requester's
 * e-mail), or none (null: a contact with no role there).
 */
export function readableReporter(principal: Principal, clientId: string): string | undefined | null {
  if (principal.kind !== 'contact') return undefined;
  const roles = contactRolesAt(principal, clientId);
  if (roles.includes('approver')) return undefined;
  return roles.length > 0 ? principal.email : null;
}

/** Who is recorded as acting: the desk, a contact, or an integration (a client key). */
export function actorOf(principal: Principal): Actor {
  const kind = principal.kind === 'client-key' ? 'integration' : principal.kind === 'contact' ? 'contact' : 'staff';
  return { kind, id: actorName(principal) };
}

/**
 * Whether acting on a ticket needs the contact named in `by` read: only when someone other than a
 * contact records a contact's decision (a contact acts only as themself).
 */
export function needsNamedContact(principal: Principal, by: string | undefined): by is string {
  return principal.kind !== 'contact' && by !== undefined;
}

/**
 * Who acts. Staff (and the admin key) act as the desk; naming a contact in `by` records that contact's
 * decision. A client key acts alone or for a contact in `by`. A contact acts as themself with the
 * roles they hold at this client now. `named` is the contact `by` names, as read (when
 * `needsNamedContact`).
 */
export function actingParty(
  principal: Principal,
  client: Pick<Client, 'id' | 'active'>,
  by: string | undefined,
  named: Contact | undefined,
): ActingParty {
  if (principal.kind === 'contact') {
    if (by !== undefined && by.toLowerCase() !== principal.email)
      throw new DomainError('forbidden', 'A contact acts only as themself.', 'by');
    return {
      actor: { kind: 'contact', id: principal.email },
      roles: new Set<ContactRole>(contactRolesAt(principal, client.id)),
    };
  }
  const staffRoles =
    principal.kind === 'admin'
      ? new Set(['engineer', 'lead'] as const)
      : principal.kind === 'staff'
        ? new Set(principal.roles)
        : undefined;
  if (by === undefined) {
    return { actor: actorOf(principal), roles: new Set(), ...(staffRoles ? { staffRoles } : {}) };
  }
  if (client.active === false)
    throw new DomainError('conflict', `Client ${client.id} is inactive: its contacts can no longer act.`, 'by');
  if (!named?.active)
    throw new DomainError('unprocessable', `${by} is not a registered, active contact of ${client.id}.`, 'by');
  // Staff recording a client's decision still act with the desk's rights, but the decision is the contact's.
  const kind = staffRoles ? 'staff' : 'contact';
  return {
    actor: { kind, id: named.email },
    roles: new Set<ContactRole>(named.roles),
    ...(staffRoles ? { staffRoles } : {}),
  };
}

/**
 * Who is recorded as reporting a new ticket. A contact raises tickets only as themself; anyone else
 * names the contact. Whether that contact is registered and active is checked on the contact as read.
 */
export function reporterAsked(principal: Principal, given: string | undefined): string {
  if (principal.kind === 'contact' && given !== undefined && principal.email !== given.toLowerCase()) {
    throw new DomainError('forbidden', 'A contact can only raise tickets as themself.', 'reporter');
  }
  const reporter = principal.kind === 'contact' ? principal.email : given;
  if (reporter === undefined)
    throw new DomainError('invalid', 'Name the contact who reported the problem.', 'reporter');
  return reporter;
}
