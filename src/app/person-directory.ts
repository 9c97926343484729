import type { Membership } from '../domain/people/membership';
import type { StaffMember } from '../domain/people/staff';
import type { PeopleStore } from '../ports/people-store';
import type { ContactMembership, Principal } from './principal';

/** Everything a person is, right now: their staff record if active, their active client memberships. */
export interface Person {
  readonly email: string;
  readonly name: string;
  readonly staff?: StaffMember;
  readonly contacts: readonly ContactMembership[];
}

/**
 * Resolves an e-mail to the person behind it, from storage and uncached: every signed-in request asks
 * again, so a person deactivated (as staff, or at their last client) is refused from the next request.
 */
export class PersonDirectory {
  constructor(private readonly people: PeopleStore) {}

  async find(email: string): Promise<Person | undefined> {
    const address = email.toLowerCase();
    const [staff, memberships] = await Promise.all([this.people.getStaff(address), this.people.memberships(address)]);
    const active = memberships.filter(isActive);
    const activeStaff = staff?.active ? staff : undefined;
    if (!activeStaff && active.length === 0) return undefined;
    return {
      email: address,
      name: activeStaff?.name ?? active[0]?.name ?? address,
      ...(activeStaff ? { staff: activeStaff } : {}),
      contacts: active
        .map((m) => ({ clientId: m.clientId, roles: m.roles }))
        .sort((a, b) => (a.clientId < b.clientId ? -1 : 1)),
    };
  }

  /** An active staff member by e-mail (Entra ID tokens sign in staff only). */
  async findStaff(email: string): Promise<StaffMember | undefined> {
    const staff = await this.people.getStaff(email.toLowerCase());
    return staff?.active ? staff : undefined;
  }
}

const isActive = (m: Membership): boolean => m.active && m.roles.length > 0;

/**
 * A person acts as staff when they are active staff (staff see every client anyway), otherwise as the
 * contact of the clients they belong to.
 */
export function principalOf(person: Person): Principal {
  return person.staff ? staffPrincipal(person, person.staff) : contactPrincipal(person);
}

/** The role a person who is both staff and a client contact asks to act in (header `X-Act-As`). */
export type ActingAs = 'staff' | 'contact';

/**
 * The person in the role they ask for, or `undefined` when they do not hold it. Someone who is both
 * staff and a contact acts as staff unless asked otherwise; in the client portal the pages ask for
 * `contact`, so they see and do there exactly what their client's contacts can.
 */
export function principalActingAs(person: Person, actingAs: ActingAs): Principal | undefined {
  if (actingAs === 'staff') return person.staff ? staffPrincipal(person, person.staff) : undefined;
  return person.contacts.length > 0 ? contactPrincipal(person) : undefined;
}

const staffPrincipal = (person: Person, staff: StaffMember): Principal => ({
  kind: 'staff',
  email: person.email,
  name: staff.name,
  roles: staff.roles,
});
const contactPrincipal = (person: Person): Principal => ({
  kind: 'contact',
  email: person.email,
  name: person.name,
  memberships: person.contacts,
});

/** The body of `POST /api/sessions` and `GET /api/sessions/current`. */
export interface SessionView {
  readonly email: string;
  readonly name: string;
  readonly staffRoles: readonly string[];
  readonly contacts: readonly ContactMembership[];
  readonly csrfToken: string;
}

export function sessionView(person: Person, csrfToken: string): SessionView {
  return {
    email: person.email,
    name: person.name,
    staffRoles: person.staff?.roles ?? [],
    contacts: person.contacts,
    csrfToken,
  };
}
