import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { attachmentSchema } from './attachment-schemas';
import { ticketParamsSchema } from './ticket-params';

export const listAttachmentsOperation = defineOperation({
  name: 'list-attachments',
  method: 'GET',
  route: 'tickets/{ticketId}/attachments',
  summary: "A ticket's files, oldest first",
  description:
    'Anyone who may read the ticket; internal files only for staff. Uploads not yet completed are not listed.',
  tags: ['attachments', 'tickets'],
  access: 'authenticated',
  params: ticketParamsSchema,
  responses: {
    200: { description: 'The files.', schema: z.object({ items: z.array(attachmentSchema) }) },
    404: { description: 'No such ticket (or not yours).' },
  },
  uses: ['attachments'],
  async handle({ deps, principal, params }) {
    return json(200, { items: await deps.attachments.list(principal, params.ticketId) });
  },
});
