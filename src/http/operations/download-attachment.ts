import { defineOperation } from '../operation';
import { attachmentParamsSchema } from './attachment-schemas';

export const downloadAttachmentOperation = defineOperation({
  name: 'download-attachment',
  method: 'GET',
  route: 'tickets/{ticketId}/attachments/{attachmentId}',
  summary: 'Download a file: a redirect to a read URL valid for 5 minutes',
  description:
    'Anyone who may read the ticket; internal files only for staff. The read URL answers with the type found in the bytes and `Content-Disposition: attachment` (images and PDF inline). A file the malware scanner blocked, or has not cleared yet, is never served.',
  tags: ['attachments', 'tickets'],
  access: 'authenticated',
  params: attachmentParamsSchema,
  responses: {
    302: { description: '`Location` is the read URL.' },
    404: { description: 'No such ticket or file (or not yours).' },
    409: { description: 'Blocked by the malware scanner, or still being scanned.' },
  },
  uses: ['attachments'],
  async handle({ deps, principal, params }) {
    const url = await deps.attachments.downloadUrl(principal, params.ticketId, params.attachmentId);
    return { status: 302, headers: { location: url, 'cache-control': 'no-store' } };
  },
});
