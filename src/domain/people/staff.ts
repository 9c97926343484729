import { z } from 'zod';

export const staffRoles = ['engineer', 'lead'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** E-mail addresses identify people; they are compared lower-cased. */
export const personEmailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

/** What is set about a member of staff (validated at the edge, `src/http/operations/staff-schemas.ts`). */
export interface StaffSettings {
  name: string;
  roles: StaffRole[];
  /** `false` withdraws the person: their sessions end at once and their tokens are refused. */
  active: boolean;
}

export interface StaffMember extends StaffSettings {
  readonly email: string;
  readonly updatedAt: string;
}
