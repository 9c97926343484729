import type { MailAttachmentPart } from '../domain/mail/inbound-mail';

/**
 * The seam for SPEC §9: a mail's attachments become the ticket's once the attachments issue has landed.
 * Until then the intake hands them to this port, whose default takes none (the raw mail keeps them).
 */

export interface MailAttachmentSink {
  attach(target: { clientId: string; number: number }, attachments: readonly MailAttachmentPart[]): Promise<void>;
}

export const attachmentsNotYetWired: MailAttachmentSink = { attach: () => Promise.resolve() };
