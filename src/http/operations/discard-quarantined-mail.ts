import { defineOperation } from '../operation';
import { quarantineIdParamsSchema } from './mail-schemas';

export const discardQuarantinedMailOperation = defineOperation({
  name: 'discard-quarantined-mail',
  method: 'POST',
  route: 'mail/quarantine/{id}/discard',
  summary: 'Discard a quarantined mail',
  description:
    'It leaves the quarantine; nothing is sent to the sender. The raw message is kept for the retention period.',
  tags: ['mail'],
  access: 'staff',
  params: quarantineIdParamsSchema,
  responses: {
    204: { description: 'Discarded.' },
    403: { description: 'Not a member of staff.' },
    404: { description: 'No such quarantined mail.' },
  },
  uses: ['mailIn'],
  async handle({ deps, principal, params }) {
    await deps.mailIn.intake.discard(principal, params.id);
    return { status: 204 };
  },
});
