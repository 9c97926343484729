import { beforeEach, describe, expect, it } from 'vitest';
import { FileTypeDetector } from '../../src/adapters/blobs/file-type-detector';
import { PostalMimeParser } from '../../src/adapters/mail/postal-mime-parser';
import { AttachmentService } from '../../src/app/attachment-service';
import { MailAttachmentsToTicket, mailAttachmentId } from '../../src/app/mail-attachments-to-ticket';
import { MailIntakeService, mailKeyOf } from '../../src/app/mail-intake-service';
import type { Principal } from '../../src/app/principal';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import type { MailAttachmentSink } from '../../src/ports/mail-attachments';
import { transportKeepsRawMail } from '../../src/ports/raw-mail-archive';
import { contractClient } from '../support/contract';
import { InMemoryAttachmentBlobs } from '../support/in-memory/in-memory-attachment-blobs';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryMailStore } from '../support/in-memory/in-memory-mail-store';
import { InMemoryPeopleStore } from '../support/in-memory/in-memory-people-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';

const clock: Clock = { now: () => new Date('2026-12-07T10:00:00Z') };
const admin: Principal = { kind: 'admin' };
const receivedAt = new Date('2026-12-07T09:30:00Z');

let tickets: ReturnType<typeof inMemoryTicketService>;
let attachments: AttachmentService;
let blobs: InMemoryAttachmentBlobs;
let mailStore: InMemoryMailStore;
let clientStore: InMemoryClientStore;
let people: InMemoryPeopleStore;

function intakeWith(sink: MailAttachmentSink): MailIntakeService {
  return new MailIntakeService(
    new PostalMimeParser(),
    mailStore,
    transportKeepsRawMail,
    sink,
    clientStore,
    people,
    tickets,
    { supportAddress: 'support@desk.test' },
  );
}

/** A mail from Jo with two text files attached. */
function mailWithFiles(messageId: string): Uint8Array {
  const b = 'b1';
  return Buffer.from(
    [
      'From: jo@acme.test',
      'To: support@desk.test',
      'Subject: Logs of the failure',
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary=${b}`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Both logs attached.',
      `--${b}`,
      'Content-Type: text/plain; name=app.log',
      'Content-Disposition: attachment; filename=app.log',
      '',
      'ERROR 500 on save',
      `--${b}`,
      'Content-Type: text/plain; name=db.log',
      'Content-Disposition: attachment; filename=db.log',
      '',
      'deadlock detected',
      `--${b}--`,
      '',
    ].join('\r\n'),
  );
}

const files = async () =>
  (await attachments.list(admin, 'ACME-1')).map((a) => `${a.fileName}:${a.status}`).sort((x, y) => x.localeCompare(y));

beforeEach(async () => {
  clientStore = new InMemoryClientStore();
  people = new InMemoryPeopleStore();
  const clients = inMemoryClientService(clientStore, clock, people);
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  const ticketStore = new InMemoryTicketStore();
  tickets = inMemoryTicketService(clientStore, ticketStore, clock, { people });
  blobs = new InMemoryAttachmentBlobs();
  attachments = new AttachmentService(
    clientStore,
    ticketStore,
    blobs,
    new FileTypeDetector(),
    clock,
    [],
    'not-configured',
  );
  mailStore = new InMemoryMailStore();
});

describe("a mail's files are attached once, however often the take is retried", () => {
  it('a take that crashed after the ticket and one of its files is finished by the next take: each file once', async () => {
    const real = new MailAttachmentsToTicket(attachments);
    // The first take dies after the first file is committed (the process stopped mid-way).
    const crashing: MailAttachmentSink = {
      attach: async (target, parts, by, mailKey) => {
        await real.attach(target, parts.slice(0, 1), by, mailKey);
        throw new Error('process stopped');
      },
    };
    const raw = mailWithFiles('files@acme.test');
    await expect(intakeWith(crashing).take(raw, receivedAt)).rejects.toThrow('process stopped');
    expect(await files()).toEqual(['app.log:available']);

    // The mail was not moved to done/, so the poller takes it again; twice, for good measure.
    expect(await intakeWith(real).take(raw, receivedAt)).toMatchObject({ kind: 'duplicate', ticketId: 'ACME-1' });
    expect(await files()).toEqual(['app.log:available', 'db.log:available']);
    expect(await intakeWith(real).take(raw, receivedAt)).toMatchObject({ kind: 'duplicate', ticketId: 'ACME-1' });
    expect(await files()).toEqual(['app.log:available', 'db.log:available']);
    // One blob per file, and one attachment-added event per file on the timeline.
    expect(blobs.blobs.size).toBe(2);
    const events = (await tickets.timelinePage(admin, 'ACME-1', { after: 0, limit: 100 })).items;
    expect(events.filter((e) => e.type === 'ticket.attachment-added')).toHaveLength(2);
  });

  it('a blob stored by a take that died before committing it is taken over, not refused or duplicated', async () => {
    const raw = mailWithFiles('blob-only@acme.test');
    const key = mailKeyOf('blob-only@acme.test');
    // The ticket exists and the first part's bytes are stored, but no attachment row was committed.
    const none: MailAttachmentSink = { attach: () => Promise.reject(new Error('process stopped')) };
    await expect(intakeWith(none).take(raw, receivedAt)).rejects.toThrow('process stopped');
    await blobs.put(`acme/1/${mailAttachmentId(key, 0)}`, Buffer.from('ERROR 500 on save'));

    await intakeWith(new MailAttachmentsToTicket(attachments)).take(raw, receivedAt);
    // The pinned ETag is the stored blob's, so the file is served (not "blocked" as overwritten).
    expect(await files()).toEqual(['app.log:available', 'db.log:available']);
    expect(blobs.blobs.size).toBe(2);
  });

  it('copies of the mail taken at once attach each file once', async () => {
    const raw = mailWithFiles('burst@acme.test');
    const intake = intakeWith(new MailAttachmentsToTicket(attachments));
    await Promise.all(Array.from({ length: 5 }, () => intake.take(raw, receivedAt)));
    expect(await files()).toEqual(['app.log:available', 'db.log:available']);
  });

  it('ids are stable for a mail and part, and differ by mail and by part', () => {
    const a = mailAttachmentId(mailKeyOf('a@x'), 0);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set([a, mailAttachmentId(mailKeyOf('a@x'), 1), mailAttachmentId(mailKeyOf('b@x'), 0)]).size).toBe(3);
    expect(mailAttachmentId(mailKeyOf('a@x'), 0)).toBe(a);
  });
});
