import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { attachmentParamsSchema, attachmentSchema } from './attachment-schemas';

export const completeAttachmentUploadOperation = defineOperation({
  name: 'complete-attachment-upload',
  method: 'POST',
  route: 'tickets/{ticketId}/attachments/{attachmentId}/complete',
  summary: 'Check an uploaded file and attach it',
  description:
    "Whoever started the upload (or staff). Checks the stored size against the declared one and the type by the file's first bytes; a file that fails either is deleted. Records `ticket.attachment-added`. Completing again answers the attachment.",
  tags: ['attachments', 'tickets'],
  access: 'authenticated',
  params: attachmentParamsSchema,
  responses: {
    200: { description: 'The attachment.', schema: attachmentSchema },
    404: { description: 'No such ticket or attachment (or not yours).' },
    409: { description: 'Nothing was uploaded yet.' },
    415: {
      description: 'The bytes are of a type the desk does not take (the problem names it); the file was deleted.',
    },
    422: { description: 'The stored size is not the declared one; the file was deleted.' },
  },
  uses: ['attachments'],
  async handle({ deps, principal, params }) {
    return json(200, await deps.attachments.complete(principal, params.ticketId, params.attachmentId));
  },
});
