import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { quarantinedMailSchema } from './mail-schemas';

export const listQuarantinedMailOperation = defineOperation({
  name: 'list-quarantined-mail',
  method: 'GET',
  route: 'mail/quarantine',
  summary: 'Mail kept for staff',
  description:
    'Mail the intake could not turn into a ticket or comment (unknown, inactive or ambiguous sender, too large, unreadable), newest first. Nothing was sent to the sender.',
  tags: ['mail'],
  access: 'staff',
  responses: {
    200: { description: 'The quarantined mail.', schema: z.object({ items: z.array(quarantinedMailSchema) }) },
    403: { description: 'Not a member of staff.' },
  },
  uses: ['mailIn'],
  async handle({ deps, principal }) {
    return json(200, { items: await deps.mailIn.intake.quarantine(principal) });
  },
});
