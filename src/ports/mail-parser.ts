import type { InboundMail, UnreadMail } from '../domain/mail/inbound-mail';

/** Reads a raw RFC 5322 message. Never throws on hostile input: what it cannot read is `unread`. */
export interface MailParser {
  parse(raw: Uint8Array): Promise<{ kind: 'read'; mail: InboundMail } | { kind: 'unread'; mail: UnreadMail }>;
}
