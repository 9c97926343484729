import { createHash } from 'node:crypto';
import { EmailClient } from '@azure/communication-email';
import type { EmailMessage, EmailSender } from '../../ports/email-sender';
import { azureCredential } from '../azure-credential';

/** The part of `EmailClient` sending needs; tests pass a fake. */
export type EmailClientLike = Pick<EmailClient, 'beginSend'>;

/**
 * Azure Communication Services e-mail with the app's managed identity. A message counts as sent once
 * ACS has accepted it (202): delivery to the mailbox happens, or fails, later inside ACS.
 *
 * The operation id is derived from the idempotency key, so a retried send names the same operation;
 * what keeps anyone from being mailed twice is the receipt the e-mail deliverer records.
 */
export class AcsEmailSender implements EmailSender {
  constructor(
    private readonly client: EmailClientLike,
    private readonly senderAddress: string,
  ) {}

  static connect(endpoint: string, senderAddress: string, managedIdentityClientId: string | undefined): AcsEmailSender {
    return new AcsEmailSender(new EmailClient(endpoint, azureCredential(managedIdentityClientId)), senderAddress);
  }

  async send(message: EmailMessage): Promise<void> {
    await this.client.beginSend(
      {
        senderAddress: this.senderAddress,
        content: { subject: message.subject, plainText: message.text },
        recipients: { to: [{ address: message.to }] },
        disableUserEngagementTracking: true,
        ...(message.threading ? { replyTo: [{ address: message.threading.replyTo }] } : {}),
        // ACS sets the Message-ID itself; the thread's references and the subject's [ticket id] still thread a reply.
        headers: acsThreadingHeaders(message),
      },
      { operationId: operationIdFor(message.idempotencyKey) },
    );
  }
}

function acsThreadingHeaders(message: EmailMessage): Record<string, string> {
  const refs = message.threading?.references ?? [];
  const last = refs[refs.length - 1];
  return {
    'Auto-Submitted': 'auto-generated',
    ...(last ? { 'In-Reply-To': `<${last}>`, References: refs.map((id) => `<${id}>`).join(' ') } : {}),
  };
}

/** A UUID (version 5 layout) from the key's SHA-256: the same key always names the same operation. */
export function operationIdFor(key: string): string {
  const bytes = createHash('sha256').update(key).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
