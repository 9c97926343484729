import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { operationIdFor, AcsEmailSender, type EmailClientLike } from '../../../src/adapters/email/acs-email-sender';
import { EmlFileEmailSender } from '../../../src/adapters/email/eml-file-email-sender';

const folder = mkdtempSync(path.join(os.tmpdir(), 'supportdesk-mail-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the local .eml mail folder', () => {
  const sender = new EmlFileEmailSender(path.join(folder, 'mail'), 'desk@support.test', {
    now: () => new Date('2026-11-24T10:00:00Z'),
  });

  it('writes one RFC 5322 file per message, named after the notification and the recipient', async () => {
    await sender.send({
      to: 'jo@acme.test',
      subject: 'Hello',
      text: 'Body\n',
      idempotencyKey: 'ACME-1.1|jo@acme.test',
    });
    const files = readdirSync(path.join(folder, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^ACME-1\.1_jo@acme\.test-[0-9a-f]{12}\.eml$/);
    const content = readFileSync(path.join(folder, 'mail', files[0]!), 'utf8');
    expect(content).toContain(
      'From: desk@support.test\r\nTo: jo@acme.test\r\nSubject: Hello\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nMessage-ID: <',
    );
  });

  it('writes nothing more when the same notification is sent again', async () => {
    await sender.send({
      to: 'jo@acme.test',
      subject: 'Hello again',
      text: 'Body\n',
      idempotencyKey: 'ACME-1.1|jo@acme.test',
    });
    await sender.send({
      to: 'boss@acme.test',
      subject: 'Hello',
      text: 'Body\n',
      idempotencyKey: 'ACME-1.1|boss@acme.test',
    });
    const files = readdirSync(path.join(folder, 'mail')).sort();
    expect(files).toHaveLength(2);
    expect(
      readFileSync(
        path.join(
          folder,
          'mail',
          files.find((f) => f.includes('jo@'))!,
        ),
        'utf8',
      ),
    ).toContain('Subject: Hello\r\n');
  });
});

describe('the Communication Services sender', () => {
  it('sends one plain-text message per recipient under an operation id fixed by the idempotency key', async () => {
    const calls: unknown[][] = [];
    const client: EmailClientLike = {
      beginSend: (...args: unknown[]) => {
        calls.push(args);
        return Promise.resolve({} as Awaited<ReturnType<EmailClientLike['beginSend']>>);
      },
    };
    await new AcsEmailSender(client, 'DoNotReply@desk.test').send({
      to: 'jo@acme.test',
      subject: 'S',
      text: 'T',
      idempotencyKey: 'ACME-1.1|jo@acme.test',
    });
    expect(calls).toEqual([
      [
        {
          senderAddress: 'DoNotReply@desk.test',
          content: { subject: 'S', plainText: 'T' },
          recipients: { to: [{ address: 'jo@acme.test' }] },
          disableUserEngagementTracking: true,
          headers: { 'Auto-Submitted': 'auto-generated' },
        },
        { operationId: operationIdFor('ACME-1.1|jo@acme.test') },
      ],
    ]);
    expect(operationIdFor('ACME-1.1|jo@acme.test')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(operationIdFor('ACME-1.1|boss@acme.test')).not.toBe(operationIdFor('ACME-1.1|jo@acme.test'));
  });
});
