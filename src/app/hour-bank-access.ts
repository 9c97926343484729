import type { Ticket } from '../domain/tickets/ticket';
import { DomainError } from '../domain/domain-error';
import { contactRolesAt, hasStaffRole, isStaff, type Principal } from './principal';

/**
 * Who may do what with an hour bank (docs/product-spec.md §4, §5). Another client's bank or ticket is 404, as everywhere;
 * a caller who belongs to the client but lacks the right is 403.
 */

/** Buying and adjusting hours: a lead (or the admin key). */
export function assertMayChangeBank(principal: Principal): void {
  if (!hasStaffRole(principal, 'lead'))
    throw new DomainError('forbidden', 'Only a support lead buys or adjusts hours.');
}

/** Booking time: staff. */
export function assertMayBookTime(principal: Principal): void {
  if (!isStaff(principal)) throw new DomainError('forbidden', 'Only support staff book time.');
}

/** The balance, ledger and statement: staff, the client's approvers, and its keys with `tickets:read`. */
export function assertMayReadBank(principal: Principal, clientId: string): void {
  if (isStaff(principal)) return;
  const notFound = new DomainError('not-found', `No client ${clientId}.`);
  if (principal.kind === 'client-key') {
    if (principal.clientId !== clientId) throw notFound;
    if (!principal.scopes.includes('tickets:read'))
      throw new DomainError('forbidden', 'This key lacks the tickets:read scope.');
    return;
  }
  const roles = contactRolesAt(principal, clientId);
  if (roles.length === 0) throw notFound;
  if (!roles.includes('approver')) throw new DomainError('forbidden', "Only the client's approvers see its hour bank.");
}

/** A ticket's time entries: whoever may see the ticket (a requester sees the tickets they raised). */
export function mayReadTicketTime(principal: Principal, ticket: Pick<Ticket, 'clientId' | 'reporter'>): boolean {
  if (isStaff(principal)) return true;
  if (principal.kind === 'client-key')
    return principal.clientId === ticket.clientId && principal.scopes.includes('tickets:read');
  const roles = contactRolesAt(principal, ticket.clientId);
  if (principal.kind !== 'contact') return false;
  return (
    roles.includes('approver') || (roles.includes('requester') && principal.email === ticket.reporter.toLowerCase())
  );
}
