import { z } from 'zod';
import { personEmailSchema, staffRoles } from '../../domain/people/staff';
import { staffBodySchema } from './staff-schemas';
import { json } from '../endpoint';
import { defineOperation } from '../operation';

export const staffMemberSchema = z.object({
  email: z.email(),
  name: z.string(),
  roles: z.array(z.enum(staffRoles)),
  active: z.boolean(),
  updatedAt: z.iso.datetime(),
});

export const putStaffOperation = defineOperation({
  name: 'put-staff',
  method: 'PUT',
  route: 'staff/{email}',
  summary: 'Register or update a member of the support team',
  description:
    '`engineer` works tickets and books time; `lead` also assigns anyone, buys and adjusts hours, manages keys and reads reports. `active: false` ends their sessions at once.',
  tags: ['people'],
  access: 'admin',
  params: z.object({ email: personEmailSchema }),
  body: staffBodySchema,
  responses: {
    200: { description: 'Updated.', schema: staffMemberSchema },
    201: { description: 'Registered.', schema: staffMemberSchema },
    400: { description: 'Invalid address or body; `errors` names each field.' },
  },
  uses: ['staff'],
  async handle({ deps, params, body }) {
    const { member, created } = await deps.staff.put(params.email, body);
    return json(
      created ? 201 : 200,
      member,
      created ? { location: `/api/staff/${encodeURIComponent(member.email)}` } : {},
    );
  },
});
