import { z } from 'zod';
import { staffRoles, type StaffSettings } from '../../domain/people/staff';

/** The body of `PUT /api/staff/{email}`; its output is checked against the domain's `StaffSettings`. */
export const staffBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  roles: z
    .array(z.enum(staffRoles))
    .min(1, 'give at least one role; to withdraw someone set `active: false`')
    .max(staffRoles.length)
    .transform((roles) => [...new Set(roles)])
    .describe(
      '`engineer` works tickets and books time; `lead` (service delivery manager) also assigns anyone, buys and adjusts hours, manages keys and reads reports.',
    ),
  active: z
    .boolean()
    .default(true)
    .describe('`false` withdraws the person: their sessions end at once and their tokens are refused.'),
}) satisfies z.ZodType<StaffSettings, unknown>;
