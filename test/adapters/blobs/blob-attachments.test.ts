import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentContainer, blobOrigin, createAttachmentBlobs } from '../../../src/adapters/blobs/attachment-storage';
import { BlobAttachments, scanResultTag } from '../../../src/adapters/blobs/blob-attachments';
import { FileTypeDetector } from '../../../src/adapters/blobs/file-type-detector';
import { exeBytes, logBytes, pngBytes } from '../../support/attachment-files';
import { startAzurite, type RunningAzurite } from '../../support/azurite';

/**
 * The Blob adapter on Azurite: what the signed URLs allow is the storage service's decision, so it is
 * tested against the service (the app tests use an in-memory twin).
 */
let azurite: RunningAzurite;
let blobs: BlobAttachments;
let service: BlobServiceClient;

beforeAll(async () => {
  azurite = await startAzurite();
  blobs = createAttachmentBlobs({ AzureWebJobsStorage: azurite.connectionString });
  await blobs.ensureContainer();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
});
afterAll(async () => {
  await azurite?.stop();
});

const put = (url: string, bytes: Uint8Array) =>
  fetch(url, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/octet-stream' },
    body: bytes,
  });

describe('upload URLs', () => {
  it('write exactly their blob, for at most the time asked', async () => {
    const before = Date.now();
    const signed = await blobs.uploadUrl('acme/1/a', 600);
    expect(signed.expiresAt.getTime() - before).toBeLessThanOrEqual(600_000 + 1000);
    expect(new URL(signed.url).searchParams.get('sp')).toBe('cw');
    expect((await put(signed.url, pngBytes())).status).toBe(201);
    expect(await blobs.stat('acme/1/a')).toEqual({ size: pngBytes().length, etag: expect.any(String) as unknown });
  });

  it('cannot write a second blob, read, list, or delete', async () => {
    const signed = await blobs.uploadUrl('acme/1/b', 600);
    expect((await put(signed.url, logBytes())).status).toBe(201);
    const other = signed.url.replace('/acme/1/b?', '/acme/1/other?');
    expect((await put(other, logBytes())).status).toBe(403);
    expect(await blobs.stat('acme/1/other')).toBeUndefined();
    expect((await fetch(signed.url)).status).toBe(403);
    expect((await fetch(signed.url, { method: 'DELETE' })).status).toBe(403);
    const list = new URL(signed.url);
    list.pathname = `/${list.pathname.split('/')[1]}/${attachmentContainer}`;
    list.searchParams.set('restype', 'container');
    list.searchParams.set('comp', 'list');
    expect((await fetch(list)).status).toBe(403);
  });

  it('stop working once expired', async () => {
    const credential = service.credential as StorageSharedKeyCredential;
    const past = new BlobAttachments(
      service,
      attachmentContainer,
      { kind: 'shared-key', credential },
      {
        now: () => new Date(Date.now() - 11 * 60_000),
      },
    );
    const signed = await past.uploadUrl('acme/1/late', 600);
    expect((await put(signed.url, logBytes())).status).toBe(403);
    expect(await blobs.stat('acme/1/late')).toBeUndefined();
  });
});

describe('reading', () => {
  it('a read URL serves the bytes with the signed type and disposition, and cannot write', async () => {
    await blobs.put('acme/2/log', logBytes());
    const signed = await blobs.readUrl('acme/2/log', 300, {
      contentType: 'text/plain',
      contentDisposition: 'attachment; filename="app.log"',
    });
    const response = await fetch(signed.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="app.log"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(logBytes());
    expect((await put(signed.url, exeBytes())).status).toBe(403);
  });

  it('reads only the head of a blob', async () => {
    const big = new Uint8Array(1024 * 1024).fill(0x61);
    await blobs.put('acme/2/big', big);
    expect((await blobs.head('acme/2/big', 4096)).length).toBe(4096);
    expect(await new FileTypeDetector().detect(await blobs.head('acme/1/a', 4096))).toEqual({
      mime: 'image/png',
      ext: 'png',
    });
  });

  it('put never replaces a blob; delete removes it', async () => {
    await blobs.put('acme/3/x', logBytes());
    await expect(blobs.put('acme/3/x', exeBytes())).rejects.toThrow();
    await blobs.delete('acme/3/x');
    expect(await blobs.stat('acme/3/x')).toBeUndefined();
    await blobs.delete('acme/3/x');
  });

  it("reads Defender's scan-result tag", async () => {
    await blobs.put('acme/4/bad', logBytes());
    expect(await blobs.scanVerdict('acme/4/bad')).toBeUndefined();
    const client = service.getContainerClient(attachmentContainer).getBlobClient('acme/4/bad');
    await client.setTags({ [scanResultTag]: 'Malicious' });
    expect(await blobs.scanVerdict('acme/4/bad')).toBe('malicious');
    await client.setTags({ [scanResultTag]: 'No threats found' });
    expect(await blobs.scanVerdict('acme/4/bad')).toBe('clean');
  });
});

describe('blob origin', () => {
  it('is the blob endpoint of the connection string or of the managed-identity setting', () => {
    expect(blobOrigin({ AzureWebJobsStorage: azurite.connectionString })).toBe(`http://127.0.0.1:${azurite.blobPort}`);
    expect(blobOrigin({ AzureWebJobsStorage__blobServiceUri: 'https://sd.blob.core.windows.net/' })).toBe(
      'https://sd.blob.core.windows.net',
    );
  });
});

describe('listing (the retention sweep of blobs no record accounts for)', () => {
  it('lists every blob with its last-modified time, in name order so a ticket’s blobs come together', async () => {
    const written = ['list/10/a', 'list/1/z', 'list/2/m', 'list/1/b'];
    for (const name of written) await blobs.put(name, logBytes());
    // One written through an upload URL, as a browser does, is listed too.
    expect((await put((await blobs.uploadUrl('list/1/c', 600)).url, pngBytes())).status).toBe(201);

    const listed = [];
    for await (const blob of blobs.list()) if (blob.name.startsWith('list/')) listed.push(blob);
    expect(listed.map((b) => b.name)).toEqual(['list/1/b', 'list/1/c', 'list/1/z', 'list/10/a', 'list/2/m']);
    const container = service.getContainerClient(attachmentContainer);
    for (const blob of listed) {
      const properties = await container.getBlobClient(blob.name).getProperties();
      expect(blob.lastModified).toEqual(properties.lastModified);
    }

    await blobs.delete('list/1/c');
    const after = [];
    for await (const blob of blobs.list()) if (blob.name.startsWith('list/1/')) after.push(blob.name);
    expect(after).toEqual(['list/1/b', 'list/1/z']);
  });
});
