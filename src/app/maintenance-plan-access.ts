import { DomainError } from '../domain/domain-error';
import { contactRolesAt, isStaff, type Principal } from './principal';

/**
 * Who may read a client's maintenance plan (schedules, items, releases): staff see every client's; the
 * client's approvers see theirs; its other contacts are refused; anyone else finds no such client.
 */
export function assertMayReadPlan(principal: Principal, clientId: string): void {
  if (isStaff(principal)) return;
  const roles = contactRolesAt(principal, clientId);
  if (roles.length === 0) throw new DomainError('not-found', `No client ${clientId}.`);
  if (!roles.includes('approver'))
    throw new DomainError('forbidden', "Only the client's approvers see its maintenance plan.");
}
