import type { MailAttachmentPart } from '../domain/mail/inbound-mail';

/**
 * Where a mail's attachments go: they become the ticket's files (docs/product-spec.md §9), through the
 * same size and type checks as an upload. `by` is the mail's sender.
 */
export interface MailAttachmentSink {
  attach(
    target: { clientId: string; number: number },
    attachments: readonly MailAttachmentPart[],
    by: string,
  ): Promise<void>;
}
