import type { ContactRole } from '../tickets/state-machine';

export type { ContactRole };

/** One client a person is a contact of: the index that finds all of a person's clients in one read. */
export interface Membership {
  readonly email: string;
  readonly clientId: string;
  readonly name: string;
  readonly roles: readonly ContactRole[];
  readonly active: boolean;
}
