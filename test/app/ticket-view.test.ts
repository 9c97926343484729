import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/app/principal';
import { allowedActionsFor } from '../../src/app/ticket-view';
import { newTicket, type Ticket } from '../../src/domain/tickets/ticket';

const resolved: Ticket = {
  ...newTicket({
    clientId: 'acme',
    ticketPrefix: 'ACME',
    number: 3,
    title: 't',
    description: 'd',
    severity: 'cat2',
    type: 'defect',
    reporter: 'req@acme.test',
    receivedAt: '2026-06-01T09:00:00.000Z',
  }),
  status: 'resolved',
};
const closed: Ticket = { ...resolved, status: 'closed' };

const key = (scopes: ('tickets:read' | 'tickets:write')[]): Principal => ({
  kind: 'client-key',
  clientId: 'acme',
  keyId: 'k1',
  name: 'integration',
  scopes,
});
const contact = (clientId: string, roles: ('requester' | 'approver')[]): Principal => ({
  kind: 'contact',
  email: 'req@acme.test',
  name: 'Rita',
  memberships: [{ clientId, roles }],
});

describe('allowedActionsFor: the caller behind a ticket view', () => {
  it('gives the admin key a lead’s actions and a member of staff their own roles', () => {
    expect(allowedActionsFor({ kind: 'admin' }, closed)).toEqual(['comment', 'follow-up']);
    expect(allowedActionsFor({ kind: 'admin' }, resolved)).toEqual(['confirm', 'reject', 'close', 'comment', 'assign']);
    const engineer: Principal = { kind: 'staff', email: 'ed@desk.test', name: 'Ed', roles: ['engineer'] };
    expect(allowedActionsFor(engineer, { ...resolved, assignee: 'olga@desk.test' })).not.toContain('assign');
    const noRoles: Principal = { kind: 'staff', email: 'x@desk.test', name: 'X', roles: [] };
    expect(allowedActionsFor(noRoles, resolved)).not.toContain('assign');
  });

  it("gives a contact their roles at the ticket's client, not those held at another client", () => {
    expect(allowedActionsFor(contact('acme', ['requester']), resolved)).toEqual(['confirm', 'reject', 'comment']);
    expect(allowedActionsFor(contact('other', ['approver']), resolved)).toEqual(['comment']);
  });

  it('gives a key acting alone only what anyone may do, and a read-only key nothing', () => {
    expect(allowedActionsFor(key(['tickets:read', 'tickets:write']), resolved)).toEqual(['comment']);
    expect(allowedActionsFor(key(['tickets:read']), resolved)).toEqual([]);
  });
});
