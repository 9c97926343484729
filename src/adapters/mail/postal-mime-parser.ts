import { createHash } from 'node:crypto';
import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';
import PostalMime, { type Address, type Email } from 'postal-mime';
import {
  maxMailBytes,
  messageIdsIn,
  normalMessageId,
  type InboundMail,
  type MailAttachmentPart,
  type UnreadMail,
} from '../../domain/mail/inbound-mail';
import type { MailParser } from '../../ports/mail-parser';

/**
 * The MIME parser behind the mail intake: `postal-mime` (maintained; `mailparser` is in maintenance
 * mode) with its own limits on nesting, header size and part count, and `email-reply-parser` to find
 * where the quoted earlier mail begins. HTML-only mail is turned into text (`html-to-text`); nothing from
 * a mail is kept as HTML.
 *
 * Nothing a mail holds makes it throw: a mail over 25 MB is answered from its header section alone
 * (`too-large`), one the parser refuses (10,000+ parts, broken structure) is `unreadable`, both with
 * whatever the headers tell (Message-ID, sender, subject) so staff can see it in quarantine.
 */
export class PostalMimeParser implements MailParser {
  async parse(raw: Uint8Array): Promise<{ kind: 'read'; mail: InboundMail } | { kind: 'unread'; mail: UnreadMail }> {
    const sizeBytes = raw.byteLength;
    const fallbackId = `${createHash('sha256').update(raw).digest('hex')}@no-message-id`;
    if (sizeBytes > maxMailBytes) {
      return { kind: 'unread', mail: await unread(raw, sizeBytes, fallbackId, 'too-large', `${sizeBytes} bytes`) };
    }
    let email: Email;
    try {
      email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    } catch (error) {
      const detail = error instanceof Error ? error.message.slice(0, 300) : 'the MIME structure could not be read';
      return { kind: 'unread', mail: await unread(raw, sizeBytes, fallbackId, 'unreadable', detail) };
    }
    const text = textOf(email).replace(/\r\n/g, '\n').trim();
    const quotedFrom = quotedStart(text);
    const from = mailboxOf(email.from);
    const mail: InboundMail = {
      messageId: normalMessageId(email.messageId) ?? fallbackId,
      ...(from?.address ? { from: from.address } : {}),
      ...(from?.name ? { fromName: from.name } : {}),
      subject: oneLine(email.subject ?? ''),
      references: [...messageIdsIn(email.inReplyTo), ...messageIdsIn(email.references)],
      text,
      ...(quotedFrom !== undefined ? { quotedFrom } : {}),
      headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
      ...(email.returnPath !== undefined || hasHeader(email, 'return-path')
        ? { returnPath: email.returnPath ?? headerValue(email, 'return-path') ?? '' }
        : {}),
      sizeBytes,
      attachments: email.attachments.map((a): MailAttachmentPart => ({
        ...(a.filename ? { filename: a.filename } : {}),
        mimeType: a.mimeType,
        content: typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : new Uint8Array(a.content),
      })),
    };
    return { kind: 'read', mail };
  }
}

/**
 * The text part; for HTML-only mail the HTML turned into text (`html-to-text`: scripts, styles and
 * images dropped, links as text) — the HTML itself is never kept. Very large HTML is cut first: its text
 * is for reading, the kept raw message has it all.
 */
function textOf(email: Email): string {
  if (email.text !== undefined && email.text.trim().length > 0) return email.text;
  if (email.html === undefined) return '';
  return convert(email.html.slice(0, maxHtmlChars), {
    wordwrap: false,
    selectors: [{ selector: 'img', format: 'skip' }],
  });
}

const maxHtmlChars = 2_000_000;

/** Header lines only (up to the first blank line, at most 256 KB): enough for quarantine. */
async function unread(
  raw: Uint8Array,
  sizeBytes: number,
  fallbackId: string,
  reason: UnreadMail['reason'],
  detail: string,
): Promise<UnreadMail> {
  const head = Buffer.from(raw.subarray(0, Math.min(raw.byteLength, 256 * 1024))).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const section = `${end === -1 ? head : head.slice(0, end)}\r\n\r\n`;
  let email: Email | undefined;
  try {
    email = await PostalMime.parse(section);
  } catch {
    email = undefined;
  }
  const from = mailboxOf(email?.from);
  return {
    messageId: normalMessageId(email?.messageId) ?? fallbackId,
    ...(from?.address ? { from: from.address } : {}),
    subject: oneLine(email?.subject ?? ''),
    sizeBytes,
    reason,
    detail,
  };
}

function mailboxOf(address: Address | undefined): { address?: string; name?: string } | undefined {
  if (!address) return undefined;
  const box = address.group ? address.group[0] : address;
  if (!box) return undefined;
  const email = box.address?.trim().toLowerCase();
  // Only a plain address is a sender: no line breaks or angle brackets smuggled into it.
  const valid = email && /^[^\s<>@",;]+@[^\s<>@",;]+$/.test(email) ? email : undefined;
  const name = oneLine(box.name ?? '');
  return { ...(valid ? { address: valid } : {}), ...(name ? { name } : {}) };
}

/** A header's text as one line: a decoded subject may hold line breaks or control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const controlCharacters = /[\x00-\x1f\x7f]+/g;
const oneLine = (value: string): string =>
  value.replace(controlCharacters, ' ').replace(/\s+/g, ' ').trim().slice(0, 1000);

const hasHeader = (email: Email, key: string): boolean => email.headers.some((h) => h.key === key);
const headerValue = (email: Email, key: string): string | undefined => email.headers.find((h) => h.key === key)?.value;

/**
 * Where the trailing quoted part of a reply begins: after the last fragment the reply parser finds
 * visible, so an answer written between quoted lines (inline) stays unfolded. Undefined when nothing
 * is quoted at the end.
 */
function quotedStart(text: string): number | undefined {
  if (text.length === 0 || text.length > 200_000) return undefined;
  let fragments;
  try {
    fragments = new EmailReplyParser().read(text).getFragments();
  } catch {
    return undefined;
  }
  let cursor = 0;
  let visibleEnd = 0;
  let quoted = false;
  for (const fragment of fragments) {
    const content = fragment.getContent().trim();
    if (content.length === 0) continue;
    const at = text.indexOf(content, cursor);
    if (at === -1) return undefined;
    cursor = at + content.length;
    if (fragment.isHidden() || fragment.isQuoted()) quoted = true;
    else {
      visibleEnd = cursor;
      quoted = false;
    }
  }
  if (!quoted || visibleEnd === 0) return undefined;
  const rest = text.slice(visibleEnd);
  const start = visibleEnd + (rest.length - rest.trimStart().length);
  return start < text.length ? start : undefined;
}
