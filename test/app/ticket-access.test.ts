import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/domain/clients/client';
import { DomainError } from '../../src/domain/domain-error';
import type { Principal } from '../../src/app/principal';
import {
  actingParty,
  actorOf,
  mayRead,
  needsNamedContact,
  readableReporter,
  reporterAsked,
  requireScope,
} from '../../src/app/ticket-access';

const requester: Principal = {
  kind: 'contact',
  email: 'jo@acme.test',
  name: 'Jo',
  memberships: [{ clientId: 'acme', roles: ['requester'] }],
};
const approver: Principal = {
  kind: 'contact',
  email: 'boss@acme.test',
  name: 'Boss',
  memberships: [{ clientId: 'acme', roles: ['approver'] }],
};
const readKey: Principal = { kind: 'client-key', clientId: 'acme', keyId: 'k1', name: 'ci', scopes: ['tickets:read'] };
const staff: Principal = { kind: 'staff', email: 'eng@desk.test', name: 'Eng', roles: ['engineer'] };
const acme = { id: 'acme', active: true };
const boss = { email: 'boss@acme.test', name: 'Boss', roles: ['approver'], active: true } as unknown as Contact;

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.field ?? ''}`;
    throw error;
  }
  return 'none';
}

describe('the tickets access policy', () => {
  it('lets a requester read only what they raised, an approver everything of their client', () => {
    expect(mayRead(requester, { clientId: 'acme', reporter: 'jo@acme.test' })).toBe(true);
    expect(mayRead(requester, { clientId: 'acme', reporter: 'boss@acme.test' })).toBe(false);
    expect(mayRead(requester, { clientId: 'other', reporter: 'jo@acme.test' })).toBe(false);
    expect(mayRead(approver, { clientId: 'acme', reporter: 'jo@acme.test' })).toBe(true);
    expect(mayRead(staff, { clientId: 'other', reporter: 'x@other.test' })).toBe(true);
  });

  it('confines a requester’s list to their own tickets and a stranger’s to none', () => {
    expect(readableReporter(requester, 'acme')).toBe('jo@acme.test');
    expect(readableReporter(requester, 'other')).toBeNull();
    expect(readableReporter(approver, 'acme')).toBeUndefined();
    expect(readableReporter(readKey, 'acme')).toBeUndefined();
  });

  it('holds a client key to its scopes, and nobody else', () => {
    expect(() => requireScope(readKey, 'tickets:read')).not.toThrow();
    expect(refusal(() => requireScope(readKey, 'tickets:write'))).toBe('forbidden:');
    expect(() => requireScope(requester, 'tickets:write')).not.toThrow();
  });

  it('records the desk, a contact or an integration as the actor', () => {
    expect(actorOf(staff)).toEqual({ kind: 'staff', id: 'eng@desk.test' });
    expect(actorOf(readKey)).toEqual({ kind: 'integration', id: 'ci' });
    expect(actorOf(requester)).toEqual({ kind: 'contact', id: 'jo@acme.test' });
    expect(actorOf({ kind: 'admin' })).toEqual({ kind: 'staff', id: 'admin' });
  });

  it('lets a contact act and report only as themself', () => {
    expect(needsNamedContact(requester, 'boss@acme.test')).toBe(false);
    expect(refusal(() => actingParty(requester, acme, 'boss@acme.test', undefined))).toBe('forbidden:by');
    const party = actingParty(requester, acme, 'JO@acme.test', undefined);
    expect(party.actor).toEqual({ kind: 'contact', id: 'jo@acme.test' });
    expect([...party.roles]).toEqual(['requester']);
    expect(refusal(() => reporterAsked(requester, 'boss@acme.test'))).toBe('forbidden:reporter');
    expect(reporterAsked(requester, undefined)).toBe('jo@acme.test');
    expect(refusal(() => reporterAsked(staff, undefined))).toBe('invalid:reporter');
  });

  it('lets staff record a named, active contact’s decision with the desk’s rights', () => {
    expect(needsNamedContact(staff, 'boss@acme.test')).toBe(true);
    const party = actingParty(staff, acme, 'boss@acme.test', boss);
    expect(party.actor).toEqual({ kind: 'staff', id: 'boss@acme.test' });
    expect([...party.roles]).toEqual(['approver']);
    expect([...(party.staffRoles ?? [])]).toEqual(['engineer']);
    const own = actingParty(staff, acme, undefined, undefined);
    expect(own.actor).toEqual({ kind: 'staff', id: 'eng@desk.test' });
    expect(own.roles.size).toBe(0);
  });

  it('refuses a decision for an unknown or inactive contact, or at an inactive client', () => {
    expect(refusal(() => actingParty(readKey, acme, 'nobody@acme.test', undefined))).toBe('unprocessable:by');
    expect(refusal(() => actingParty(staff, acme, 'boss@acme.test', { ...boss, active: false }))).toBe(
      'unprocessable:by',
    );
    expect(refusal(() => actingParty(staff, { id: 'acme', active: false }, 'boss@acme.test', boss))).toBe(
      'conflict:by',
    );
    expect(actingParty(readKey, acme, 'boss@acme.test', boss).actor).toEqual({ kind: 'contact', id: 'boss@acme.test' });
  });
});
