/**
 * Mail that reached the support mailbox (docs/product-spec.md §8), as the intake judges it. Pure: the MIME parsing is
 * an adapter's (`src/adapters/mail`), storage and tickets are the app's.
 */

/** The most a mail may weigh to be taken (docs/product-spec.md §8); larger ones are quarantined unread. */
export const maxMailBytes = 25 * 1024 * 1024;

/** Why staff must look at a mail before it becomes anything. */
export const quarantineReasons = [
  'unknown-sender',
  'ambiguous-client',
  'inactive-contact',
  'too-large',
  'unreadable',
] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];

/** A header as the mail carried it, the name lower-cased. */
export interface MailHeader {
  readonly key: string;
  readonly value: string;
}

/** A mail read from its raw bytes: only what the intake looks at, all of it text (never HTML). */
export interface InboundMail {
  /** Without angle brackets; a mail without one gets `sha256-of-its-bytes@no-message-id`. */
  readonly messageId: string;
  /** The sender's address, lower-cased; undefined when the mail names none. */
  readonly from?: string;
  readonly fromName?: string;
  readonly subject: string;
  /** Message-IDs of `In-Reply-To` then `References`, without angle brackets. */
  readonly references: readonly string[];
  /** The text part, or the HTML part turned into text when there is none. */
  readonly text: string;
  /** Where the quoted earlier mail begins in `text` (a reply parser's finding): folded when shown, never cut. */
  readonly quotedFrom?: number;
  readonly headers: readonly MailHeader[];
  /** `Return-Path` as given: `<>` (empty) is a bounce's null sender. */
  readonly returnPath?: string;
  readonly sizeBytes: number;
  /** Its attachments (they become the ticket's through the attachment port; docs/product-spec.md §9). */
  readonly attachments: readonly MailAttachmentPart[];
}

/** A file a mail carried. */
export interface MailAttachmentPart {
  readonly filename?: string;
  readonly mimeType: string;
  readonly content: Uint8Array;
}

/** What could be read of a mail that is too large or cannot be parsed: enough to quarantine it. */
export interface UnreadMail {
  readonly messageId: string;
  readonly from?: string;
  readonly subject: string;
  readonly sizeBytes: number;
  readonly reason: 'too-large' | 'unreadable';
  readonly detail: string;
}

/** Why a mail is automatic: such a mail never opens a ticket and never makes anyone be mailed. */
export type AutomaticKind = 'bounce' | 'auto-reply' | 'bulk';

const header = (mail: InboundMail, name: string): string | undefined =>
  mail.headers.find((h) => h.key === name)?.value.trim();

/**
 * RFC 3834 `Auto-Submitted` other than `no`, `Precedence: bulk|junk|list`, `X-Autoreply`/`X-Autorespond`,
 * `List-Id`, a null return path or a mailer-daemon/postmaster sender (docs/product-spec.md §8). A bounce is a delivery
 * report (`multipart/report`, a null return path, a daemon sender); the rest are auto-replies or lists.
 */
export function automaticKind(mail: InboundMail): AutomaticKind | undefined {
  const from = mail.from ?? '';
  const local = from.split('@')[0] ?? '';
  const contentType = header(mail, 'content-type')?.toLowerCase() ?? '';
  const nullReturnPath = mail.returnPath !== undefined && /^<?\s*>?$/.test(mail.returnPath.trim());
  if (
    /^(mailer-daemon|postmaster)$/i.test(local) ||
    contentType.startsWith('multipart/report') ||
    (nullReturnPath && contentType.includes('delivery-status'))
  )
    return 'bounce';
  const autoSubmitted = header(mail, 'auto-submitted')?.toLowerCase();
  if ((autoSubmitted !== undefined && autoSubmitted !== 'no') || header(mail, 'x-autoreply') !== undefined)
    return 'auto-reply';
  if (header(mail, 'x-autorespond') !== undefined || nullReturnPath) return 'auto-reply';
  const precedence = header(mail, 'precedence')?.toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list' || header(mail, 'list-id') !== undefined)
    return 'bulk';
  return undefined;
}

/** Every `<id>` in a header value (In-Reply-To, References), without the brackets. */
export function messageIdsIn(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/<([^<>\s]{1,250})>/g)].map((m) => m[1] ?? '').filter((id) => id.length > 0);
}

/** A Message-ID header value without its brackets and spaces; undefined when it holds none. */
export function normalMessageId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const bracketed = messageIdsIn(value)[0];
  const id = (bracketed ?? value).trim();
  return id.length > 0 && id.length <= 250 && !/[\s<>]/.test(id) ? id : undefined;
}

const ticketToken = /\[([A-Z][A-Z0-9]{1,11}-[1-9][0-9]{0,9})\]/g;

/** Ticket ids written `[ACME-3]` in a subject, in order, each once. */
export function ticketIdsInSubject(subject: string): string[] {
  return [...new Set([...subject.matchAll(ticketToken)].map((m) => m[1] ?? ''))];
}

/** Reply and forward prefixes of common mail programs (English, German, Nordic, Dutch, French…). */
const replyPrefix = /^\s*(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|r)\s*(?:\[\d+\])?\s*:\s*/i;

/** The most characters a ticket title holds (as the create-ticket body allows). */
export const maxTitleChars = 200;

/** A ticket's title from a subject: without `Re:`/`Fwd:`/`AW:` prefixes and `[ACME-3]` tokens. */
export function titleFromSubject(subject: string): string {
  let title = subject.replace(/[\r\n\t]+/g, ' ').replace(ticketToken, ' ');
  for (let previous = ''; previous !== title;) {
    previous = title;
    title = title.replace(replyPrefix, '');
  }
  title = title.replace(/\s+/g, ' ').trim();
  if (title.length === 0) return '(no subject)';
  return title.length > maxTitleChars ? `${title.slice(0, maxTitleChars - 1)}…` : title;
}

/** The most characters of a mail's text a ticket description or comment holds; the raw mail keeps all. */
export const maxMailTextChars = 20_000;

/** A mail's text as stored on a ticket: never empty, capped as the API caps a description (the kept raw message has the rest). */
export function storedMailText(text: string): string {
  const trimmed = text.replace(/\r\n/g, '\n').trim();
  if (trimmed.length === 0) return '(no text)';
  if (trimmed.length <= maxMailTextChars) return trimmed;
  return `${trimmed.slice(0, maxMailTextChars)}\n\n[… the rest of this mail is in the kept original]`;
}

/** docs/product-spec.md §8 loop guard: at most this many mails per ticket and sender notify anyone in the window. */
export const loopGuard = { mails: 10, windowMs: 10 * 60_000 } as const;

/** The instants still inside the window at `now`, with `now` added: the guard's count after this mail. */
export function loopGuardWindow(previous: readonly string[], now: Date): string[] {
  const since = now.getTime() - loopGuard.windowMs;
  return [...previous.filter((at) => Date.parse(at) > since), now.toISOString()];
}
