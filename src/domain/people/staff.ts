import { z } from 'zod';

export const staffRoles = ['engineer', 'lead'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** E-mail addresses identify people; they are compared lower-cased. */
export const personEmailSchema = z.email().max(254).transform((email) => email.toLowerCase());

/** The body of `PUT /api/staff/{email}`. */
export const staffBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  roles: z
    .array(z.enum(staffRoles))
    .min(1, 'give at least one role; to withdraw someone set `active: false`')
    .max(staffRoles.length)
    .transform((roles) => [...new Set(roles)])
    .describe('`engineer` works tickets and books time; `lead` (service delivery manager) also assigns anyone, buys and adjusts hours, manages keys and reads reports.'),
  active: z.boolean().default(true).describe('`false` withdraws the person: their sessions end at once and their tokens are refused.'),
});

export type StaffBody = z.output<typeof staffBodySchema>;

export interface StaffMember extends StaffBody {
  readonly email: string;
  readonly updatedAt: string;
}
