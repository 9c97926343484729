import { z } from 'zod';
import { attachmentLimits } from '../../domain/tickets/attachment';

export const attachmentParamsSchema = z.object({
  ticketId: z.string().max(64),
  attachmentId: z.string().max(64),
});

export const beginUploadBodySchema = z.strictObject({
  fileName: z.string().min(1).max(1024).describe("The file's name; only its last path segment is kept."),
  contentType: z
    .string()
    .max(255)
    .describe('What the browser says the file is. Informational: the type is decided by the bytes.'),
  size: z
    .number()
    .int()
    .min(1, 'An empty file is not an attachment.')
    .max(attachmentLimits.maxBytes, 'Files may be at most 25 MB (26214400 bytes).')
    .describe('Bytes that will be uploaded; `complete` refuses a file of another size.'),
  internal: z.boolean().optional().describe('Staff only: a file contacts and client keys never see.'),
});

export const uploadTicketSchema = z.object({
  id: z.string(),
  uploadUrl: z
    .string()
    .describe('PUT the bytes here with `x-ms-blob-type: BlockBlob`: it writes this one blob and nothing else.'),
  expiresAt: z.string().describe('The URL stops working then (10 minutes at most).'),
});

export const attachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string().describe('The type found in the bytes.'),
  size: z.number().int(),
  internal: z.boolean(),
  by: z.string(),
  at: z.string(),
  status: z.enum(['scanning', 'available', 'blocked']),
  scan: z
    .enum(['defender', 'not-configured'])
    .describe('`not-configured`: no malware scanner looks at uploads on this instance (the local host).'),
});
