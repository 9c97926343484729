import { z } from 'zod';
import { quarantineReasons } from '../../domain/mail/inbound-mail';

/** A quarantined mail as staff see it: text only (never HTML), the sender as the mail gave it. */
export const quarantinedMailSchema = z.object({
  id: z.string().describe("The mail's key (sha256 of its Message-ID)."),
  messageId: z.string(),
  receivedAt: z.string().describe('When the mailbox received it; a ticket accepted from it starts its clocks then.'),
  reason: z.enum(quarantineReasons),
  from: z.string().optional(),
  fromName: z.string().optional(),
  subject: z.string(),
  text: z.string().describe('The text, or the HTML turned into text; at most 20,000 characters.'),
  sizeBytes: z.number().int(),
  detail: z.string().optional().describe('What the parser said of an unreadable mail.'),
});

export const quarantineIdParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'must be a mail id') });
