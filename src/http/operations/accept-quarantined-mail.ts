import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { quarantineIdParamsSchema } from './mail-schemas';

export const acceptQuarantinedMailOperation = defineOperation({
  name: 'accept-quarantined-mail',
  method: 'POST',
  route: 'mail/quarantine/{id}/accept',
  summary: 'Raise a quarantined mail as a ticket',
  description:
    'A ticket of the client and contact chosen, by e-mail, received when the mailbox received the mail (its clocks start then). Accepting it again answers the same ticket.',
  tags: ['mail'],
  access: 'staff',
  params: quarantineIdParamsSchema,
  body: z.strictObject({
    clientId: z.string().min(1).max(64),
    reporter: z.email().max(254).describe('An active contact of the client.'),
  }),
  responses: {
    201: { description: 'The ticket raised.', schema: z.object({ ticketId: z.string() }) },
    403: { description: 'Not a member of staff.' },
    404: { description: 'No such quarantined mail, or no such client.' },
    422: { description: 'The reporter is not an active contact of the client.' },
  },
  uses: ['mailIn'],
  async handle({ deps, principal, params, body }) {
    return json(201, await deps.mailIn.intake.accept(principal, params.id, body));
  },
});
