/** Raw RFC 5322 messages for tests, built as a mail program would write them (CRLF, MIME headers). */
export interface TestMail {
  readonly from: string;
  readonly to?: string;
  readonly subject: string;
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly text?: string;
  readonly html?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function rawMail(mail: TestMail): Buffer {
  const lines = [
    `From: ${mail.from}`,
    `To: ${mail.to ?? 'support@desk.test'}`,
    `Subject: ${mail.subject}`,
    'Date: Mon, 07 Dec 2026 10:00:00 +0000',
    ...(mail.messageId ? [`Message-ID: <${mail.messageId}>`] : []),
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`] : []),
    ...(mail.references?.length ? [`References: ${mail.references.map((r) => `<${r}>`).join(' ')}`] : []),
    ...Object.entries(mail.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    mail.html !== undefined ? 'Content-Type: text/html; charset=utf-8' : 'Content-Type: text/plain; charset=utf-8',
    '',
    mail.html ?? mail.text ?? 'Hello',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}
