import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../ports/clock';
import type { EmailMessage, EmailSender } from '../../ports/email-sender';
import { formatPlainTextMessage } from './rfc5322-message';

/**
 * The local host's mail "provider": each message is an RFC 5322 `.eml` file in a folder (any mail
 * client opens them). The file name and Message-ID derive from the idempotency key, so sending the same
 * notification again finds the file there and writes nothing.
 */
export class EmlFileEmailSender implements EmailSender {
  constructor(
    private readonly folder: string,
    private readonly from: string,
    private readonly clock: Clock,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    const hash = createHash('sha256').update(message.idempotencyKey).digest('hex');
    const readable = message.idempotencyKey.replace(/[^A-Za-z0-9.@-]+/g, '_').slice(0, 120);
    const file = path.join(this.folder, `${readable}-${hash.slice(0, 12)}.eml`);
    if (await exists(file)) return;
    await mkdir(this.folder, { recursive: true });
    const content = formatPlainTextMessage({
      from: this.from,
      to: message.to,
      subject: message.subject,
      date: this.clock.now(),
      messageId: message.threading?.messageId ?? `${hash.slice(0, 32)}@support-desk.local`,
      text: message.text,
      ...(message.threading ? { references: message.threading.references, replyTo: message.threading.replyTo } : {}),
    });
    // Written whole and then renamed, so a reader never sees half a message.
    const partial = `${file}.partial`;
    await writeFile(partial, content, 'utf8');
    await rename(partial, file);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
