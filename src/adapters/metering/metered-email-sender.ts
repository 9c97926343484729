import type { EmailMessage, EmailSender } from '../../ports/email-sender';
import type { Meter } from '../../ports/meter';

/**
 * Counts the e-mails a sender got accepted and their size, as Communication Services bills them (per
 * message and per MB). Wraps whichever sender the composition chose (Communication Services in Azure,
 * `.eml` files on the local host), so both count alike. A refused send is not counted.
 */
export class MeteredEmailSender implements EmailSender {
  constructor(
    private readonly inner: EmailSender,
    private readonly meter: Meter,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    await this.inner.send(message);
    this.meter.add('email.sent');
    // Subject, text and headers: what the provider carries, within a few hundred bytes.
    this.meter.add('email.bytes', Buffer.byteLength(message.subject) + Buffer.byteLength(message.text) + 600);
  }
}
