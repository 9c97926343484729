import type { TableClient } from '@azure/data-tables';
import type { Membership } from '../../domain/people/membership';
import type { StaffMember } from '../../domain/people/staff';
import type { PeopleStore } from '../../ports/people-store';
import { isStatus } from './table-clients';
import { odata } from '@azure/data-tables';

/**
 * Partition design (table `people`, shared with the sign-in records of TableSignInStore):
 * - `staff` / `{email}`: the support team; `GET /api/staff` reads one partition.
 * - `member|{email}` / `{clientId}`: the clients a person is a contact of, written beside the contact
 *   itself, so signing in finds every client of an address in one partition read.
 */
export class TablePeopleStore implements PeopleStore {
  constructor(private readonly table: TableClient) {}

  async getStaff(email: string): Promise<StaffMember | undefined> {
    try {
      const entity = await this.table.getEntity<{ doc: string }>('staff', personKey(email));
      return JSON.parse(entity.doc) as StaffMember;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async putStaff(member: StaffMember): Promise<{ created: boolean }> {
    const existing = await this.getStaff(member.email);
    await this.table.upsertEntity(
      { partitionKey: 'staff', rowKey: personKey(member.email), doc: JSON.stringify(member) },
      'Replace',
    );
    return { created: existing === undefined };
  }

  async listStaff(): Promise<StaffMember[]> {
    const staff: StaffMember[] = [];
    for await (const entity of this.table.listEntities<{ doc: string }>({
      queryOptions: { filter: `PartitionKey eq 'staff'` },
    })) {
      staff.push(JSON.parse(entity.doc) as StaffMember);
    }
    return staff.sort((a, b) => (a.email < b.email ? -1 : 1));
  }

  async memberships(email: string): Promise<Membership[]> {
    const found: Membership[] = [];
    const filter = odata`PartitionKey eq ${`member|${personKey(email)}`}`;
    for await (const entity of this.table.listEntities<{ doc: string }>({ queryOptions: { filter } })) {
      found.push(JSON.parse(entity.doc) as Membership);
    }
    return found;
  }

  async putMembership(membership: Membership): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: `member|${personKey(membership.email)}`,
        rowKey: membership.clientId,
        doc: JSON.stringify(membership),
      },
      'Replace',
    );
  }
}

/** Keys may not hold `/ \ # ?`, which an e-mail's local part may. */
export const personKey = (email: string): string => encodeURIComponent(email.toLowerCase());
