/** What a plain-text Internet message needs (RFC 5322 with a MIME text part, RFC 2045). */
export interface PlainTextMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly date: Date;
  /** Without angle brackets: `id-left@id-right`. */
  readonly messageId: string;
  readonly text: string;
  /** Message-IDs of the thread so far (without brackets), oldest first: `References`, the last `In-Reply-To`. */
  readonly references?: readonly string[];
  readonly replyTo?: string;
}

const crlf = '\r\n';

/**
 * The message as the bytes of an `.eml` file: CRLF line ends, a non-ASCII subject as RFC 2047
 * encoded-words, and the UTF-8 body quoted-printable, so every line stays within 76 characters
 * whatever the ticket's texts hold.
 */
export function formatPlainTextMessage(message: PlainTextMessage): string {
  const headers = [
    `From: ${message.from}`,
    `To: ${message.to}`,
    `Subject: ${encodeHeaderText(message.subject)}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: <${message.messageId}>`,
    ...threadingHeaders(message),
    // RFC 3834: the desk's mail is automatic, so auto-responders (and our own intake) do not answer it.
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
  ];
  return `${headers.join(crlf)}${crlf}${crlf}${encodeQuotedPrintable(message.text)}${crlf}`;
}

function threadingHeaders(message: PlainTextMessage): string[] {
  const refs = (message.references ?? []).filter((id) => /^[^\s<>]{1,250}$/.test(id));
  const last = refs[refs.length - 1];
  return [
    ...(message.replyTo ? [`Reply-To: ${message.replyTo}`] : []),
    ...(last ? [`In-Reply-To: <${last}>`] : []),
    // Folded one id a line: a long thread stays within the line limit.
    ...(refs.length > 0 ? [`References: ${refs.map((id) => `<${id}>`).join(`${crlf} `)}`] : []),
  ];
}

/** `Tue, 24 Nov 2026 10:00:00 +0000`: the RFC 5322 date-time, in UTC. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/**
 * Header text: printable ASCII as it is, folded at spaces before 78 characters; anything else as
 * `=?UTF-8?B?…?=` encoded-words of at most 75 characters, each on its own folded line, never splitting
 * a character between two words.
 */
export function encodeHeaderText(text: string): string {
  const single = text.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(single)) return foldAtSpaces(single);
  const words: string[] = [];
  let chunk = '';
  for (const char of single) {
    if (Buffer.byteLength(chunk + char, 'utf8') > 45) {
      words.push(encodedWord(chunk));
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(encodedWord(chunk));
  return words.join(`${crlf} `);
}

const encodedWord = (text: string): string => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

function foldAtSpaces(text: string): string {
  // "Subject: " takes 9 of the 78.
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > 69) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.join(`${crlf} `);
}

/** RFC 2045 §6.7 quoted-printable of the UTF-8 text, with CRLF line ends and soft breaks at 76. */
export function encodeQuotedPrintable(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => encodeQuotedPrintableLine(line))
    .join(crlf);
}

function encodeQuotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const out: string[] = [];
  let current = '';
  bytes.forEach((byte, i) => {
    const last = i === bytes.length - 1;
    const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    const token = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    // Keep room for the `=` of a soft line break.
    if (current.length + token.length > 75) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  });
  out.push(current);
  return out.join(crlf);
}
