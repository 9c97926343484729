import type { MailAttachmentPart } from '../domain/mail/inbound-mail';
import type { MailAttachmentSink } from '../ports/mail-attachments';
import type { AttachmentService } from './attachment-service';

/**
 * A mail's attachments become its ticket's files, each through the checks an upload gets (size, type
 * by the bytes, the ticket's limit). A refused file is left out and the mail is taken all the same:
 * the raw message keeps every part.
 */
export class MailAttachmentsToTicket implements MailAttachmentSink {
  constructor(private readonly attachments: Pick<AttachmentService, 'attachStored'>) {}

  async attach(
    target: { clientId: string; number: number },
    parts: readonly MailAttachmentPart[],
    by: string,
  ): Promise<void> {
    for (const [i, part] of parts.entries()) {
      const fileName = part.filename?.trim() || `attachment-${i + 1}`;
      await this.attachments.attachStored(target, { fileName, bytes: part.content }, by);
    }
  }
}
