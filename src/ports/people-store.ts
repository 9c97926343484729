import type { Membership } from '../domain/people/membership';
import type { StaffMember } from '../domain/people/staff';

/**
 * The people who sign in: staff, and the index of which clients a person is a contact of. Reads are
 * never cached, so a deactivation is seen by the very next request.
 */
export interface PeopleStore {
  getStaff(email: string): Promise<StaffMember | undefined>;
  putStaff(member: StaffMember): Promise<{ created: boolean }>;
  listStaff(): Promise<StaffMember[]>;
  /** Every client the address is (or was) a contact of, in one read. */
  memberships(email: string): Promise<Membership[]>;
  putMembership(membership: Membership): Promise<void>;
}
