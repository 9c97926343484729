import { describe, expect, it } from 'vitest';
import {
  encodeHeaderText,
  encodeQuotedPrintable,
  formatPlainTextMessage,
  rfc5322Date,
} from '../../../src/adapters/email/rfc5322-message';

/** Decoders written from RFC 2045/2047, to check the encoders round-trip. */
const decodeQuotedPrintable = (text: string): string =>
  Buffer.from(
    text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
const decodeHeader = (text: string): string =>
  text
    .replace(/\r\n /g, '')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => `\u0000${b64}`)
    .split('\u0000')
    .filter(Boolean)
    .map((part) => (/^[A-Za-z0-9+/=]+$/.test(part) ? Buffer.from(part, 'base64').toString('utf8') : part))
    .join('');

describe('RFC 5322 plain-text messages', () => {
  const message = formatPlainTextMessage({
    from: 'desk@support.test',
    to: 'jo@acme.test',
    subject: '[ACME-1] Ticket created: Broken',
    date: new Date('2026-11-24T10:00:00Z'),
    messageId: 'abc123@support-desk.local',
    text: 'Line one\nLine two\n',
  });

  it('has the required headers, CRLF line ends and a blank line before the body', () => {
    const blank = message.indexOf('\r\n\r\n');
    const head = message.slice(0, blank);
    const body = message.slice(blank + 4);
    expect(head.split('\r\n')).toEqual([
      'From: desk@support.test',
      'To: jo@acme.test',
      'Subject: [ACME-1] Ticket created: Broken',
      'Date: Tue, 24 Nov 2026 10:00:00 +0000',
      'Message-ID: <abc123@support-desk.local>',
      'Auto-Submitted: auto-generated',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
    ]);
    expect(decodeQuotedPrintable(body.replace(/\r\n$/, ''))).toBe('Line one\r\nLine two\r\n');
    expect(message).not.toMatch(/[^\r]\n/);
  });

  it('threads: Reply-To, In-Reply-To the last of the thread, References folded one id a line; bad ids left out', () => {
    const threaded = formatPlainTextMessage({
      from: 'desk@support.test',
      to: 'jo@acme.test',
      subject: '[ACME-1] Ticket commented',
      date: new Date('2026-11-24T10:00:00Z'),
      messageId: 'n2@desk.test',
      text: 'x',
      references: ['first@acme.test', 'bad id\r\nBcc: x@y', 'n1@desk.test'],
      replyTo: 'support@desk.test',
    });
    const head = threaded.slice(0, threaded.indexOf('\r\n\r\n'));
    expect(head).toContain('\r\nReply-To: support@desk.test\r\n');
    expect(head).toContain('\r\nIn-Reply-To: <n1@desk.test>\r\n');
    expect(head).toContain('\r\nReferences: <first@acme.test>\r\n <n1@desk.test>\r\n');
    expect(head).not.toContain('Bcc');
  });

  it('dates in RFC 5322 form', () => {
    expect(rfc5322Date(new Date('2026-03-01T07:05:09Z'))).toBe('Sun, 01 Mar 2026 07:05:09 +0000');
  });

  it('encodes a non-ASCII subject as encoded-words that decode back, none longer than 75', () => {
    const subject = '[ACME-2] Ticket créé: Ça ne marche plus — 日本語のタイトルがとても長い場合でも大丈夫';
    const encoded = encodeHeaderText(subject);
    expect(encoded).toMatch(/^=\?UTF-8\?B\?/);
    for (const line of encoded.split('\r\n')) expect(line.trim().length).toBeLessThanOrEqual(75);
    expect(decodeHeader(encoded)).toBe(subject);
  });

  it('folds a long ASCII subject at spaces', () => {
    const subject = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const folded = encodeHeaderText(subject);
    for (const line of folded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(folded.replace(/\r\n /g, ' ')).toBe(subject);
  });

  it('keeps quoted-printable lines within 76 characters and round-trips any text', () => {
    const text = `${'é'.repeat(200)} trailing space \nand = signs\ttab\t\n${'x'.repeat(300)}`;
    const encoded = encodeQuotedPrintable(text);
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(encoded).not.toMatch(/[ \t]\r\n/);
    expect(decodeQuotedPrintable(encoded)).toBe(text.replace(/\n/g, '\r\n'));
  });
});
