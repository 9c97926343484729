import { beforeEach, describe, expect, it } from 'vitest';
import { FileTypeDetector } from '../../src/adapters/blobs/file-type-detector';
import { AttachmentService, blobName } from '../../src/app/attachment-service';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import type { Principal } from '../../src/app/principal';
import type { TicketService } from '../../src/app/ticket-service';
import { DomainError } from '../../src/domain/domain-error';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import { exeBytes, logBytes, pngBytes } from '../support/attachment-files';
import { contractClient } from '../support/contract';
import { InMemoryAttachmentBlobs } from '../support/in-memory/in-memory-attachment-blobs';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

let now = new Date('2026-12-07T10:00:00Z');
const clock: Clock = { now: () => now };
const admin: Principal = { kind: 'admin' };
const engineer: Principal = { kind: 'staff', email: 'eng@desk.test', name: 'Eng', roles: ['engineer'] };
const jo: Principal = {
  kind: 'contact',
  email: 'jo@acme.test',
  name: 'Jo',
  memberships: [{ clientId: 'acme', roles: ['requester'] }],
};
const sam: Principal = {
  kind: 'contact',
  email: 'sam@acme.test',
  name: 'Sam',
  memberships: [{ clientId: 'acme', roles: ['requester'] }],
};
const acmeKey: Principal = {
  kind: 'client-key',
  clientId: 'acme',
  keyId: 'k1',
  name: 'acme-ci',
  scopes: ['tickets:read', 'tickets:write'],
};
const otherKey: Principal = { ...acmeKey, clientId: 'globex', keyId: 'k2', name: 'globex-ci' };

let blobs: InMemoryAttachmentBlobs;
let store: InMemoryTicketStore;
let tickets: TicketService;
let attachments: AttachmentService;
let ticketId: string;
const changes: string[] = [];

function service(scan: 'defender' | 'not-configured') {
  return new AttachmentService(
    clientStore,
    store,
    blobs,
    new FileTypeDetector(),
    clock,
    [{ ticketChanged: (_t, events) => Promise.resolve(void changes.push(...events.map((e) => e.type))) }],
    scan,
  );
}

let clientStore: InMemoryClientStore;

beforeEach(async () => {
  now = new Date('2026-12-07T10:00:00Z');
  changes.length = 0;
  clientStore = new InMemoryClientStore();
  const clients = inMemoryClientService(clientStore, clock);
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putClient('globex', clientBodySchema.parse({ ...contractClient(), ticketPrefix: 'GLX' }));
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  store = new InMemoryTicketStore();
  blobs = new InMemoryAttachmentBlobs();
  tickets = inMemoryTicketService(clientStore, store, clock);
  attachments = service('not-configured');
  const created = await tickets.create(admin, {
    clientId: 'acme',
    title: 'Invoices fail',
    description: '500 on save',
    severity: 'cat2',
    type: 'defect',
    reporter: 'jo@acme.test',
  });
  ticketId = created.view.id;
});

async function upload(who: Principal, fileName: string, bytes: Uint8Array, extra: { internal?: boolean } = {}) {
  const started = await attachments.begin(who, ticketId, {
    fileName,
    contentType: 'application/octet-stream',
    size: bytes.length,
    ...extra,
  });
  blobs.upload(started.uploadUrl, bytes);
  return started;
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('uploading a file', () => {
  it('signs a write URL for one blob for 10 minutes, and completes with the type found in the bytes', async () => {
    const started = await upload(jo, 'screen.png', pngBytes());
    expect(blobs.signed).toEqual([
      { blobName: expect.stringMatching(/^acme\/1\//) as unknown, seconds: 600, kind: 'upload' },
    ]);
    expect(await attachments.list(jo, ticketId)).toEqual([]); // not listed until checked
    const done = await attachments.complete(jo, ticketId, started.id);
    expect(done).toMatchObject({
      id: started.id,
      fileName: 'screen.png',
      contentType: 'image/png',
      internal: false,
      by: 'jo@acme.test',
      status: 'available',
      scan: 'not-configured',
    });
    expect(changes).toEqual(['ticket.attachment-added']);
    const timeline = await tickets.timelinePage(jo, ticketId, { after: 0, limit: 50 });
    expect(timeline.items.map((e) => e.type)).toContain('ticket.attachment-added');
    expect(await attachments.list(jo, ticketId)).toEqual([done]);
    // Completing again answers the same attachment and records nothing more.
    expect(await attachments.complete(jo, ticketId, started.id)).toEqual(done);
    expect(changes).toEqual(['ticket.attachment-added']);
  });

  it('reads only the first bytes of a file, whatever its size', async () => {
    const big = new Uint8Array(3 * 1024 * 1024).fill(0x61);
    const started = await upload(jo, 'big.log', big);
    await attachments.complete(jo, ticketId, started.id);
    expect(blobs.largestRead).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses a renamed executable with its real type and deletes it', async () => {
    const started = await upload(jo, 'screenshot.png', exeBytes());
    const error = await refusal(attachments.complete(jo, ticketId, started.id));
    expect(error.kind).toBe('unsupported-type');
    expect(error.message).toMatch(/application\/x-msdownload/);
    expect(blobs.blobs.size).toBe(0);
    expect(await refusal(attachments.complete(jo, ticketId, started.id))).toMatchObject({ kind: 'not-found' });
  });

  it('refuses HTML and SVG even under a text name', async () => {
    for (const [name, text] of [
      ['notes.txt', '<!DOCTYPE html><html><script>alert(1)</script></html>'],
      ['logo.xml', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ] as const) {
      const started = await upload(jo, name, new TextEncoder().encode(text));
      expect((await refusal(attachments.complete(jo, ticketId, started.id))).kind).toBe('unsupported-type');
    }
  });

  it('takes a log that quotes markup as plain text', async () => {
    const bytes = new TextEncoder().encode('GET /?q=<script>alert(1)</script> 400\n');
    const started = await upload(jo, 'access.log', bytes);
    expect(await attachments.complete(jo, ticketId, started.id)).toMatchObject({ contentType: 'text/plain' });
  });

  it('refuses and deletes a file whose stored size is not the declared one', async () => {
    const started = await attachments.begin(jo, ticketId, { fileName: 'a.log', contentType: 'text/plain', size: 10 });
    blobs.upload(started.uploadUrl, logBytes());
    const error = await refusal(attachments.complete(jo, ticketId, started.id));
    expect(error).toMatchObject({ kind: 'unprocessable', field: 'size' });
    expect(blobs.blobs.size).toBe(0);
  });

  it('says so when nothing was uploaded yet', async () => {
    const started = await attachments.begin(jo, ticketId, { fileName: 'a.log', contentType: 'text/plain', size: 10 });
    expect((await refusal(attachments.complete(jo, ticketId, started.id))).kind).toBe('conflict');
  });

  it('completes an upload just after its link expired, but not one abandoned for over an hour', async () => {
    const late = await upload(jo, 'late.log', logBytes());
    const abandoned = await upload(jo, 'abandoned.log', logBytes());
    now = new Date(now.getTime() + 11 * 60_000);
    expect(await attachments.complete(jo, ticketId, late.id)).toMatchObject({ fileName: 'late.log' });
    now = new Date(now.getTime() + 60 * 60_000);
    const error = await refusal(attachments.complete(jo, ticketId, abandoned.id));
    expect(error).toMatchObject({ kind: 'conflict' });
    expect(error.message).toMatch(/abandoned/);
  });

  it('refuses files over 25 MB and the 51st file of a ticket', async () => {
    const tooBig = attachments.begin(jo, ticketId, { fileName: 'a.zip', contentType: '', size: 25 * 1024 * 1024 + 1 });
    expect(await refusal(tooBig)).toMatchObject({ kind: 'unprocessable', field: 'size' });
    for (let i = 0; i < 50; i++)
      await attachments.begin(jo, ticketId, { fileName: `${i}.log`, contentType: 'text/plain', size: 1 });
    const fiftyFirst = attachments.begin(jo, ticketId, { fileName: 'x.log', contentType: 'text/plain', size: 1 });
    expect((await refusal(fiftyFirst)).kind).toBe('conflict');
    // Uploads whose URL expired no longer count.
    now = new Date(now.getTime() + 11 * 60_000);
    await expect(
      attachments.begin(jo, ticketId, { fileName: 'x.log', contentType: 'text/plain', size: 1 }),
    ).resolves.toMatchObject({ id: expect.any(String) as unknown });
  });

  it('keeps only the last path segment of a name, without quotes or control characters', async () => {
    const started = await upload(jo, 'C:\\Users\\jo\\"evil"\r\n.log', logBytes());
    expect((await attachments.complete(jo, ticketId, started.id)).fileName).toBe('evil.log');
  });
});

describe('who may attach and see files', () => {
  it('is 404 for another client, a requester of another ticket, and a key without write scope is refused', async () => {
    for (const who of [otherKey, sam]) {
      expect((await refusal(attachments.list(who, ticketId))).kind).toBe('not-found');
      const begin = attachments.begin(who, ticketId, { fileName: 'a.log', contentType: 'text/plain', size: 5 });
      expect((await refusal(begin)).kind).toBe('not-found');
    }
    const readOnly: Principal = { ...acmeKey, scopes: ['tickets:read'] };
    const begin = attachments.begin(readOnly, ticketId, { fileName: 'a.log', contentType: 'text/plain', size: 5 });
    expect((await refusal(begin)).kind).toBe('forbidden');
  });

  it('keeps internal files from contacts and keys: not listed, 404 to download, and only staff make them', async () => {
    const begin = attachments.begin(jo, ticketId, { fileName: 'a.log', contentType: '', size: 5, internal: true });
    expect(await refusal(begin)).toMatchObject({ kind: 'forbidden', field: 'internal' });
    const started = await upload(engineer, 'dump.log', logBytes(), { internal: true });
    await attachments.complete(engineer, ticketId, started.id);
    expect(await attachments.list(engineer, ticketId)).toHaveLength(1);
    for (const who of [jo, acmeKey]) {
      expect(await attachments.list(who, ticketId)).toEqual([]);
      expect((await refusal(attachments.downloadUrl(who, ticketId, started.id))).kind).toBe('not-found');
      const timeline = await tickets.timelinePage(who, ticketId, { after: 0, limit: 50 });
      expect(timeline.items.map((e) => e.type)).not.toContain('ticket.attachment-added');
    }
  });

  it('lets only the uploader (or staff) complete an upload', async () => {
    await clientStore.putContact({
      clientId: 'acme',
      email: 'amy@acme.test',
      name: 'Amy',
      roles: ['approver'],
      active: true,
    } as never);
    const amy: Principal = {
      kind: 'contact',
      email: 'amy@acme.test',
      name: 'Amy',
      memberships: [{ clientId: 'acme', roles: ['approver'] }],
    };
    const started = await upload(jo, 'a.log', logBytes());
    expect((await refusal(attachments.complete(amy, ticketId, started.id))).kind).toBe('not-found');
    await expect(attachments.complete(engineer, ticketId, started.id)).resolves.toMatchObject({ by: 'jo@acme.test' });
  });
});

describe('downloading', () => {
  it('signs a 5-minute read URL: images inline, everything else as an attachment', async () => {
    const png = await upload(jo, 'screen.png', pngBytes());
    await attachments.complete(jo, ticketId, png.id);
    const log = await upload(jo, 'app.log', logBytes());
    await attachments.complete(jo, ticketId, log.id);
    await attachments.downloadUrl(engineer, ticketId, png.id);
    await attachments.downloadUrl(engineer, ticketId, log.id);
    const reads = blobs.signed.filter((s) => s.kind === 'read');
    expect(reads).toEqual([
      {
        blobName: blobName({ clientId: 'acme', number: 1 }, png.id),
        seconds: 300,
        kind: 'read',
        headers: {
          contentType: 'image/png',
          contentDisposition: `inline; filename="screen.png"; filename*=UTF-8''screen.png`,
        },
      },
      {
        blobName: blobName({ clientId: 'acme', number: 1 }, log.id),
        seconds: 300,
        kind: 'read',
        headers: {
          contentType: 'text/plain',
          contentDisposition: `attachment; filename="app.log"; filename*=UTF-8''app.log`,
        },
      },
    ]);
  });

  it('never serves a blob tagged Malicious, nor one overwritten after it was checked', async () => {
    const png = await upload(jo, 'screen.png', pngBytes());
    await attachments.complete(jo, ticketId, png.id);
    const blob = blobName({ clientId: 'acme', number: 1 }, png.id);
    blobs.tag(blob, 'Malicious');
    expect((await refusal(attachments.downloadUrl(engineer, ticketId, png.id))).kind).toBe('conflict');
    expect((await attachments.list(engineer, ticketId))[0]?.status).toBe('blocked');

    const log = await upload(jo, 'app.log', logBytes());
    await attachments.complete(jo, ticketId, log.id);
    blobs.upload(`memory://upload/${blobName({ clientId: 'acme', number: 1 }, log.id)}`, exeBytes());
    expect((await refusal(attachments.downloadUrl(engineer, ticketId, log.id))).kind).toBe('conflict');
  });

  it('with a scanner: scanning until the tag says no threats were found', async () => {
    attachments = service('defender');
    const png = await upload(jo, 'screen.png', pngBytes());
    expect(await attachments.complete(jo, ticketId, png.id)).toMatchObject({ status: 'scanning', scan: 'defender' });
    expect((await refusal(attachments.downloadUrl(jo, ticketId, png.id))).kind).toBe('conflict');
    blobs.tag(blobName({ clientId: 'acme', number: 1 }, png.id), 'No threats found');
    expect((await attachments.list(jo, ticketId))[0]?.status).toBe('available');
    await expect(attachments.downloadUrl(jo, ticketId, png.id)).resolves.toMatch(/^memory:\/\/read\//);
  });
});

describe('attaching bytes the app already holds (mail attachments)', () => {
  it('runs the same checks: an allowed file is attached by the sender, a refused one deleted and reported', async () => {
    const ok = await attachments.attachStored(
      { clientId: 'acme', number: 1 },
      { fileName: 'shot.png', bytes: pngBytes() },
      'jo@acme.test',
    );
    expect(ok).toMatchObject({ kind: 'attached', attachment: { contentType: 'image/png', by: 'jo@acme.test' } });
    const bad = await attachments.attachStored(
      { clientId: 'acme', number: 1 },
      { fileName: 'invoice.pdf', bytes: exeBytes() },
      'jo@acme.test',
    );
    expect(bad).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/x-msdownload/) as unknown });
    expect(blobs.blobs.size).toBe(1);
    expect(await attachments.list(jo, ticketId)).toHaveLength(1);
    expect(changes).toEqual(['ticket.attachment-added']);
  });
});
