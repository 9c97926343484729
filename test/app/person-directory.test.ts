import { describe, expect, it } from 'vitest';
import { principalActingAs, principalOf, type Person } from '../../src/app/person-directory';
import type { StaffMember } from '../../src/domain/people/staff';

const staff: StaffMember = {
  email: 'dana@acme.example',
  name: 'Dana',
  roles: ['engineer'],
  active: true,
  updatedAt: '2026-12-02T00:00:00Z',
};
const both: Person = {
  email: 'dana@acme.example',
  name: 'Dana',
  staff,
  contacts: [{ clientId: 'acme', roles: ['requester'] }],
};

describe('the role a person acts in', () => {
  it('is staff by default for someone who is both, and either role when asked', () => {
    expect(principalOf(both)).toMatchObject({ kind: 'staff', roles: ['engineer'] });
    expect(principalActingAs(both, 'staff')).toEqual(principalOf(both));
    expect(principalActingAs(both, 'contact')).toEqual({
      kind: 'contact',
      email: both.email,
      name: 'Dana',
      memberships: [{ clientId: 'acme', roles: ['requester'] }],
    });
  });

  it('is never a role the person does not hold', () => {
    const { staff: _staff, ...contactOnly } = both;
    expect(principalActingAs(contactOnly, 'staff')).toBeUndefined();
    expect(principalActingAs({ ...both, contacts: [] }, 'contact')).toBeUndefined();
  });
});
