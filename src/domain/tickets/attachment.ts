import { DomainError } from '../domain-error';

/** docs/product-spec.md §9: per file, per ticket, and how long the signed URLs live. */
export const attachmentLimits = {
  maxBytes: 25 * 1024 * 1024,
  perTicket: 50,
  uploadUrlSeconds: 10 * 60,
  readUrlSeconds: 5 * 60,
  /** Bytes read from the start of a blob to tell its type (OOXML names its parts within the first few KB). */
  sniffBytes: 64 * 1024,
  maxFileNameLength: 200,
} as const;

/**
 * `uploading`: a URL was handed out, the bytes are not checked yet (never listed, never served);
 * `scanning`: checked, waiting for the malware scanner's verdict; `available`; `blocked`: the scanner
 * found malware, never served.
 */
export type AttachmentStatus = 'uploading' | 'scanning' | 'available' | 'blocked';

/** Whether a malware scanner looks at uploads (Defender for Storage in Azure) or none is configured. */
export type AttachmentScan = 'defender' | 'not-configured';

export interface Attachment {
  readonly id: string;
  readonly fileName: string;
  /** The type found in the bytes once checked; until then, what the uploader declared. */
  readonly contentType: string;
  readonly size: number;
  /** Staff only: never listed or served to contacts or client keys. */
  readonly internal: boolean;
  /** Who attached it: a person's e-mail, a key's name, or `admin`. */
  readonly by: string;
  readonly at: string;
  readonly status: AttachmentStatus;
  readonly scan: AttachmentScan;
  /** The blob's ETag when its bytes were checked: a blob overwritten since is never served. */
  readonly etag?: string;
  /** While `uploading`: when the upload URL expires (after it, the entry no longer counts and is dropped). */
  readonly uploadExpiresAt?: string;
}

/** What the bytes were found to be, by a detector that reads magic numbers (file-type in production). */
export interface DetectedType {
  readonly mime: string;
  readonly ext: string;
}

/** Binary types allowed by their magic numbers (docs/product-spec.md §9); DOCX/XLSX/PPTX are ZIPs file-type looks inside. */
const allowedBinary: Readonly<Record<string, string>> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'application/pdf': 'application/pdf',
  'application/zip': 'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation':
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Text files are told apart by their name only once the bytes are known to be inert text. */
const textTypes: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  eml: 'message/rfc822',
};

export type TypeVerdict =
  { readonly kind: 'allowed'; readonly contentType: string } | { readonly kind: 'refused'; readonly what: string };

/**
 * Decides a file's type from its first bytes (docs/product-spec.md §9: by the bytes, not the name). `detected` is what a
 * magic-number detector found, if anything. Bytes it does not know are allowed only as plain text: valid
 * UTF-8 without control characters, and not HTML or SVG (which a browser would run).
 */
export function judgeType(detected: DetectedType | undefined, head: Uint8Array, fileName: string): TypeVerdict {
  if (detected) {
    const allowed = allowedBinary[detected.mime];
    if (allowed) return { kind: 'allowed', contentType: allowed };
    if (detected.mime !== 'application/xml') return { kind: 'refused', what: `${detected.mime} (.${detected.ext})` };
  }
  const text = decodeText(head);
  if (text === undefined) return { kind: 'refused', what: 'binary data of an unknown type' };
  const start = text.slice(0, 2048).trimStart().toLowerCase();
  // A log quoting `<script>` is still a log (and is served as plain text, as a download); a page is not.
  if (/^(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>])/.test(start))
    return { kind: 'refused', what: 'text/html' };
  if (/^(<\?xml[^>]*>\s*)?(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(start))
    return { kind: 'refused', what: 'image/svg+xml' };
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return { kind: 'allowed', contentType: textTypes[ext] ?? 'text/plain' };
}

/** Images and PDF may open in the browser; everything else downloads (`Content-Disposition: attachment`). */
export function opensInline(contentType: string): boolean {
  return /^image\/(png|jpeg|gif|webp)$/.test(contentType) || contentType === 'application/pdf';
}

/**
 * The head of a file as text, or undefined when it is not UTF-8 text. The head may end inside a
 * multi-byte character, so up to three trailing bytes of an unfinished sequence are forgiven.
 */
function decodeText(head: Uint8Array): string | undefined {
  for (let cut = 0; cut <= 3 && cut <= head.length; cut++) {
    const bytes = head.subarray(0, head.length - cut);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      continue;
    }
    return [...text].some(isBinaryControl) ? undefined : text;
  }
  return undefined;
}

/** Tab, LF, FF, CR and ESC (ANSI colours in logs) are text; other C0 controls and DEL are not. */
function isBinaryControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(code)) || code === 0x7f;
}

/**
 * A file name safe to store and to put in a `Content-Disposition`: the last path segment, without
 * control characters, quotes or backslashes, at most 200 characters; `file` when nothing is left.
 */
export function cleanFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...last]
    .filter((char) => char !== '"' && char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, attachmentLimits.maxFileNameLength);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

/** Attachments that count against the ticket's limit at `now`: all but uploads whose URL has expired. */
export function liveAttachments(attachments: readonly Attachment[], now: Date): Attachment[] {
  return attachments.filter((a) => a.status !== 'uploading' || Date.parse(a.uploadExpiresAt ?? '') > now.getTime());
}

/** Refuses a new upload that would pass the per-file or per-ticket limit. */
export function assertCanAttach(live: readonly Attachment[], size: number): void {
  if (size > attachmentLimits.maxBytes)
    throw new DomainError('unprocessable', `Files may be at most 25 MB; this one is ${size} bytes.`, 'size');
  if (live.length >= attachmentLimits.perTicket)
    throw new DomainError('conflict', `A ticket takes at most ${attachmentLimits.perTicket} files.`);
}
