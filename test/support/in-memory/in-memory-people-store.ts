import type { Membership } from '../../../src/domain/people/membership';
import type { StaffMember } from '../../../src/domain/people/staff';
import type { PeopleStore } from '../../../src/ports/people-store';

/** The PeopleStore in memory: staff by address, and the person → clients index contacts keep. */
export class InMemoryPeopleStore implements PeopleStore {
  readonly #staff = new Map<string, StaffMember>();
  readonly #memberships = new Map<string, Membership>();

  getStaff(email: string): Promise<StaffMember | undefined> {
    return Promise.resolve(this.#staff.get(email.toLowerCase()));
  }

  putStaff(member: StaffMember): Promise<{ created: boolean }> {
    const created = !this.#staff.has(member.email);
    this.#staff.set(member.email, member);
    return Promise.resolve({ created });
  }

  listStaff(): Promise<StaffMember[]> {
    return Promise.resolve([...this.#staff.values()]);
  }

  memberships(email: string): Promise<Membership[]> {
    const address = email.toLowerCase();
    return Promise.resolve([...this.#memberships.values()].filter((m) => m.email === address));
  }

  putMembership(membership: Membership): Promise<void> {
    this.#memberships.set(`${membership.email}|${membership.clientId}`, membership);
    return Promise.resolve();
  }
}
