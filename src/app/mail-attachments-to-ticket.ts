import { createHash } from 'node:crypto';
import type { MailAttachmentPart } from '../domain/mail/inbound-mail';
import type { MailAttachmentSink } from '../ports/mail-attachments';
import type { AttachmentService } from './attachment-service';

/**
 * A mail's attachments become its ticket's files, each through the checks an upload gets (size, type
 * by the bytes, the ticket's limit). A refused file is left out and the mail is taken all the same:
 * the raw message keeps every part.
 *
 * Insert-once: each part's attachment id is derived from the mail's key and the part's index, so a take
 * retried after a crash between the ticket and its files (or two copies taken at once) attaches each
 * file once.
 */
export class MailAttachmentsToTicket implements MailAttachmentSink {
  constructor(private readonly attachments: Pick<AttachmentService, 'attachStored'>) {}

  async attach(
    target: { clientId: string; number: number },
    parts: readonly MailAttachmentPart[],
    by: string,
    mailKey: string,
  ): Promise<void> {
    for (const [i, part] of parts.entries()) {
      const fileName = part.filename?.trim() || `attachment-${i + 1}`;
      await this.attachments.attachStored(
        target,
        { fileName, bytes: part.content, id: mailAttachmentId(mailKey, i) },
        by,
      );
    }
  }
}

/** 128 bits of sha256(mail key | part index), URL-safe like a random attachment id. */
export function mailAttachmentId(mailKey: string, partIndex: number): string {
  return createHash('sha256')
    .update(`mail-attachment|${mailKey}|${partIndex}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
