import { beforeEach, describe, expect, it } from 'vitest';
import { FileTypeDetector } from '../../src/adapters/blobs/file-type-detector';
import { AttachmentOrphans } from '../../src/app/attachment-orphans';
import { AttachmentService, blobName } from '../../src/app/attachment-service';
import type { Principal } from '../../src/app/principal';
import { retentionPeriods, RetentionSweeper } from '../../src/app/retention';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import { logBytes, pngBytes } from '../support/attachment-files';
import { contractClient } from '../support/contract';
import { InMemoryAttachmentBlobs } from '../support/in-memory/in-memory-attachment-blobs';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

const hour = 3_600_000;
let now: Date;
const clock: Clock = { now: () => now };
const admin: Principal = { kind: 'admin' };

let blobs: InMemoryAttachmentBlobs;
let store: InMemoryTicketStore;
let attachments: AttachmentService;
let ticketReads: string[];
const ids = { acme: '', globex: '' };

beforeEach(async () => {
  now = new Date('2026-12-07T10:00:00Z');
  const clientStore = new InMemoryClientStore();
  const clients = inMemoryClientService(clientStore, clock);
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putClient('globex', clientBodySchema.parse({ ...contractClient(), ticketPrefix: 'GLX' }));
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  await clients.putContact('globex', 'kim@globex.test', { name: 'Kim', roles: ['requester'], active: true });
  store = new InMemoryTicketStore();
  ticketReads = [];
  const get = store.get.bind(store);
  store.get = (clientId, number) => {
    ticketReads.push(`${clientId}/${number}`);
    return get(clientId, number);
  };
  // The storage service stamps last-modified times on the test's clock.
  blobs = new InMemoryAttachmentBlobs(() => now);
  const tickets = inMemoryTicketService(clientStore, store, clock);
  attachments = new AttachmentService(clientStore, store, blobs, new FileTypeDetector(), clock, [], 'not-configured');
  for (const clientId of ['acme', 'globex'] as const) {
    const created = await tickets.create(admin, {
      clientId,
      title: 'Invoices fail',
      description: '500 on save',
      severity: 'cat2',
      type: 'defect',
      reporter: clientId === 'acme' ? 'jo@acme.test' : 'kim@globex.test',
    });
    ids[clientId] = created.view.id;
  }
});

/** Begins an upload and PUTs its bytes, as the browser does; `complete` as the browser's last call. */
async function upload(clientId: 'acme' | 'globex', fileName: string, bytes: Uint8Array, complete: boolean) {
  const started = await attachments.begin(admin, ids[clientId], {
    fileName,
    contentType: 'application/octet-stream',
    size: bytes.length,
  });
  blobs.upload(started.uploadUrl, bytes);
  if (complete) await attachments.complete(admin, ids[clientId], started.id);
  return blobName({ clientId, number: 1 }, started.id);
}

const names = () => [...blobs.blobs.keys()].sort();

describe('sweeping attachment blobs no record accounts for', () => {
  it('deletes an abandoned upload once past the margin, keeping files, uploads under way and young blobs', async () => {
    const done = await upload('acme', 'screen.png', pngBytes(), true);
    const abandoned = await upload('acme', 'build.log', logBytes(), false);
    // Another client's ticket with the same number: its own records decide for its blobs.
    const globexDone = await upload('globex', 'screen.png', pngBytes(), true);
    const globexAbandoned = await upload('globex', 'trace.log', logBytes(), false);
    const sweeper = new RetentionSweeper(
      [
        {
          name: 'attachment blobs no record accounts for',
          keepForMs: retentionPeriods.attachmentOrphans,
          records: new AttachmentOrphans(store, blobs, clock),
        },
      ],
      clock,
    );

    // 23 hours on the abandoned uploads' records have long expired, but their blobs are within the margin.
    now = new Date(now.getTime() + 23 * hour);
    ticketReads.length = 0;
    expect(await sweeper.sweep()).toEqual({ deleted: { 'attachment blobs no record accounts for': 0 }, failed: {} });
    expect(ticketReads).toEqual([]); // nothing old enough: no ticket is read

    // A new upload, PUT and not yet completed, and a blob with no record, both written now.
    const underWay = await upload('acme', 'fresh.log', logBytes(), false);
    const stray = blobName({ clientId: 'acme', number: 1 }, 'no-record');
    await blobs.put(stray, logBytes());

    now = new Date(now.getTime() + 2 * hour);
    ticketReads.length = 0;
    expect(await sweeper.sweep()).toEqual({ deleted: { 'attachment blobs no record accounts for': 2 }, failed: {} });
    expect(names()).toEqual([done, underWay, stray, globexDone].sort());
    expect(names()).not.toContain(abandoned);
    expect(names()).not.toContain(globexAbandoned);
    // Each ticket with an old blob read once.
    expect(ticketReads.sort()).toEqual(['acme/1', 'globex/1']);
    // The completed files are still served.
    expect(await attachments.list(admin, ids.acme)).toMatchObject([{ fileName: 'screen.png', status: 'available' }]);
    expect(await attachments.list(admin, ids.globex)).toMatchObject([{ fileName: 'screen.png', status: 'available' }]);

    // A day after they were written, the stray blob goes; the upload under way was never completed, so it goes too.
    now = new Date(now.getTime() + 23 * hour);
    expect((await sweeper.sweep()).deleted).toEqual({ 'attachment blobs no record accounts for': 2 });
    expect(names()).toEqual([done, globexDone].sort());
  });

  it('keeps the blob of an upload still within its expiry, whatever its age', async () => {
    const underWay = await upload('acme', 'fresh.log', logBytes(), false);
    const abandoned = blobName({ clientId: 'acme', number: 1 }, 'no-record');
    await blobs.put(abandoned, logBytes());
    // A cutoff after every blob: only the records decide (the upload's URL has 10 minutes left).
    now = new Date(now.getTime() + 60_000);
    const deleted = await new AttachmentOrphans(store, blobs, clock).deleteOlderThan(new Date(now.getTime() + hour));
    expect(deleted).toBe(1);
    expect(names()).toEqual([underWay]);
  });

  it('leaves blobs that are not named as attachment blobs, and blobs of a ticket that does not exist go', async () => {
    await blobs.put('acme/readme.txt', logBytes());
    await blobs.put('acme/7/gone', logBytes());
    now = new Date(now.getTime() + 25 * hour);
    const deleted = await new AttachmentOrphans(store, blobs, clock).deleteOlderThan(
      new Date(now.getTime() - 24 * hour),
    );
    expect(deleted).toBe(1);
    expect(names()).toEqual(['acme/readme.txt']);
  });
});
