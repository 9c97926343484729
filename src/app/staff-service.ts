import { DomainError } from '../domain/domain-error';
import type { StaffSettings, StaffMember } from '../domain/people/staff';
import type { Clock } from '../ports/clock';
import type { PeopleStore } from '../ports/people-store';
import { isStaff, type Principal } from './principal';

/** The support team's registry (docs/product-spec.md §4): admin registers; any member of staff may read it. */
export class StaffService {
  constructor(
    private readonly people: PeopleStore,
    private readonly clock: Clock,
  ) {}

  async put(email: string, body: StaffSettings): Promise<{ member: StaffMember; created: boolean }> {
    const member: StaffMember = { ...body, email: email.toLowerCase(), updatedAt: this.clock.now().toISOString() };
    const { created } = await this.people.putStaff(member);
    return { member, created };
  }

  async list(principal: Principal): Promise<StaffMember[]> {
    if (!isStaff(principal)) throw new DomainError('forbidden', 'Only the support team may read the staff list.');
    return this.people.listStaff();
  }

  /** An active engineer, the only kind of person a ticket can be assigned to. */
  async activeEngineer(email: string): Promise<StaffMember | undefined> {
    const member = await this.people.getStaff(email.toLowerCase());
    return member?.active && member.roles.includes('engineer') ? member : undefined;
  }
}
