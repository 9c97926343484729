import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { staffMemberSchema } from './put-staff';

export const listStaffOperation = defineOperation({
  name: 'list-staff',
  method: 'GET',
  route: 'staff',
  summary: 'The support team',
  tags: ['people'],
  access: 'staff',
  responses: {
    200: {
      description: 'Every registered member of staff, active or not, by e-mail.',
      schema: z.object({ items: z.array(staffMemberSchema) }),
    },
    403: { description: 'Not a member of staff.' },
  },
  uses: ['staff'],
  async handle({ deps, principal }) {
    return json(200, { items: await deps.staff.list(principal) });
  },
});
