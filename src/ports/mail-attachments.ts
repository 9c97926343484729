import type { MailAttachmentPart } from '../domain/mail/inbound-mail';

/**
 * Where a mail's attachments go: they become the ticket's files (docs/product-spec.md §9), through the
 * same size and type checks as an upload. `by` is the mail's sender; `mailKey` (sha256 of the Message-ID)
 * makes the attach insert-once, so a retried take never attaches a mail's files twice.
 */
export interface MailAttachmentSink {
  attach(
    target: { clientId: string; number: number },
    attachments: readonly MailAttachmentPart[],
    by: string,
    mailKey: string,
  ): Promise<void>;
}
