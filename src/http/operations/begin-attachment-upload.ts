import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { beginUploadBodySchema, uploadTicketSchema } from './attachment-schemas';
import { ticketParamsSchema } from './ticket-params';

export const beginAttachmentUploadOperation = defineOperation({
  name: 'begin-attachment-upload',
  method: 'POST',
  route: 'tickets/{ticketId}/attachments',
  summary: 'Start attaching a file: a URL to upload it to, straight to Blob Storage',
  description:
    'Anyone who may comment on the ticket; `internal` is for staff. Answers a URL that can create or write this one blob for at most 10 minutes (no read, no other blob); PUT the bytes there, then call `…/complete`. At most 25 MB per file and 50 files per ticket.',
  tags: ['attachments', 'tickets'],
  access: 'authenticated',
  params: ticketParamsSchema,
  body: beginUploadBodySchema,
  responses: {
    201: { description: 'Where to upload the file.', schema: uploadTicketSchema },
    400: { description: 'Invalid body (e.g. a size over 25 MB).' },
    403: { description: 'Not staff but asked for an internal file; or a key without `tickets:write`.' },
    404: { description: 'No such ticket (or not yours).' },
    409: { description: 'The ticket already has 50 files.' },
  },
  uses: ['attachments'],
  async handle({ deps, principal, params, body }) {
    const upload = await deps.attachments.begin(principal, params.ticketId, body);
    return json(201, upload, {
      location: `/api/tickets/${encodeURIComponent(params.ticketId)}/attachments/${upload.id}`,
    });
  },
});
