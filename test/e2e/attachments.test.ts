import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exeBytes, logBytes, pngBytes } from '../support/attachment-files';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  bodyOf,
  createTicket,
  expectProblem,
  fieldsOf,
  setUpClient,
  type ClientFixture,
  type TimelineEvent,
} from './support/api-fixtures';
import { asSession, signIn, type BrowserSession } from './support/sign-in';

/**
 * Attachments over HTTP on the local host (docs/product-spec.md §9): the bytes go from the "browser" (fetch) straight to
 * the host's Azurite through the signed URL, never through a function.
 */
let host: RunningLocalHost;
let acme: ClientFixture;
let globex: ClientFixture;
let ticketId: string;
let otherTicketId: string;
let requester: BrowserSession;
let approver: BrowserSession;

interface Upload {
  id: string;
  uploadUrl: string;
  expiresAt: string;
}
interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  internal: boolean;
  by: string;
  status: string;
  scan: string;
}

beforeAll(async () => {
  host = await startLocalHost();
  acme = await setUpClient(host, 'acme', 'ACME');
  globex = await setUpClient(host, 'globex', 'GLX');
  ticketId = (await createTicket(host, { clientId: 'acme', severity: 'cat2', reporter: acme.requester })).id;
  otherTicketId = (await createTicket(host, { clientId: 'acme', severity: 'cat2', reporter: acme.approver })).id;
  requester = await signIn(host, acme.requester);
  approver = await signIn(host, acme.approver);
}, 120_000);
afterAll(async () => {
  await host?.stop();
});

const putBlob = (url: string, bytes: Uint8Array, origin?: string) =>
  fetch(url, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', ...(origin ? { origin } : {}) },
    body: bytes,
  });

async function begin(
  session: BrowserSession,
  id: string,
  file: { fileName: string; size: number; internal?: boolean },
): Promise<Upload> {
  const res = await asSession(host, session, `/tickets/${id}/attachments`, {
    method: 'POST',
    json: { contentType: 'application/octet-stream', ...file },
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as Upload;
}

async function attach(session: BrowserSession, id: string, fileName: string, bytes: Uint8Array) {
  const upload = await begin(session, id, { fileName, size: bytes.length });
  expect((await putBlob(upload.uploadUrl, bytes)).status).toBe(201);
  const res = await asSession(host, session, `/tickets/${id}/attachments/${upload.id}/complete`, { method: 'POST' });
  return { upload, res };
}

describe('attaching a file', () => {
  let png: AttachmentView;

  it('a contact uploads a PNG straight to Blob Storage and completes it', async () => {
    const { upload, res } = await attach(requester, ticketId, 'screenshot.png', pngBytes());
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(new URL(upload.uploadUrl).origin).not.toBe(new URL(host.baseUrl).origin);
    expect(res.status).toBe(200);
    png = await bodyOf<AttachmentView>(res);
    expect(png).toMatchObject({
      fileName: 'screenshot.png',
      contentType: 'image/png',
      size: pngBytes().length,
      internal: false,
      by: acme.requester,
      status: 'available',
      scan: 'not-configured',
    });
    const list = await bodyOf<{ items: AttachmentView[] }>(
      await asSession(host, requester, `/tickets/${ticketId}/attachments`),
    );
    expect(list.items).toEqual([png]);
    const timeline = await bodyOf<{ items: TimelineEvent[] }>(await host.api(`/tickets/${ticketId}/timeline`));
    expect(timeline.items.find((e) => e.type === 'ticket.attachment-added')).toMatchObject({
      actor: acme.requester,
      data: { attachmentId: png.id, fileName: 'screenshot.png', contentType: 'image/png' },
    });
  });

  it('downloads through a 302 to a short-lived read URL: images inline, logs as attachments, nosniff', async () => {
    const res = await host.api(`/tickets/${ticketId}/attachments/${png.id}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const location = new URL(res.headers.get('location') ?? '');
    expect(Date.parse(location.searchParams.get('se') ?? '') - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const file = await fetch(location);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="screenshot.png"/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pngBytes());

    const { res: done } = await attach(requester, ticketId, 'server.log', logBytes());
    const log = await bodyOf<AttachmentView>(done);
    const redirect = await host.api(`/tickets/${ticketId}/attachments/${log.id}`, { redirect: 'manual' });
    const logFile = await fetch(redirect.headers.get('location') ?? '');
    expect(logFile.headers.get('content-type')).toBe('text/plain');
    expect(logFile.headers.get('content-disposition')).toMatch(/^attachment; filename="server.log"/);
  });

  it('refuses a renamed .exe with its real type, and deletes it', async () => {
    const { upload, res } = await attach(requester, ticketId, 'screenshot.png', exeBytes());
    const problem = await expectProblem(res, 415);
    expect(problem.detail).toMatch(/application\/x-msdownload/);
    expect(fieldsOf(problem)).toEqual(['file']);
    const blobPath = new URL(upload.uploadUrl).pathname.split('/').slice(3).join('/');
    expect(await blobExists(blobPath)).toBe(false);
  });

  it('refuses a file over 25 MB before any upload', async () => {
    const res = await asSession(host, requester, `/tickets/${ticketId}/attachments`, {
      method: 'POST',
      json: { fileName: 'huge.zip', contentType: 'application/zip', size: 26 * 1024 * 1024 },
    });
    expect(fieldsOf(await expectProblem(res, 400))).toEqual(['size']);
  });

  it('refuses and deletes a file whose size is not the declared one', async () => {
    const upload = await begin(requester, ticketId, { fileName: 'short.log', size: 5 });
    expect((await putBlob(upload.uploadUrl, logBytes())).status).toBe(201);
    const res = await asSession(host, requester, `/tickets/${ticketId}/attachments/${upload.id}/complete`, {
      method: 'POST',
    });
    expect(fieldsOf(await expectProblem(res, 422))).toEqual(['size']);
    const blobPath = new URL(upload.uploadUrl).pathname.split('/').slice(3).join('/');
    expect(await blobExists(blobPath)).toBe(false);
  });
});

describe('the upload URL', () => {
  it('cannot write a second blob or read its own', async () => {
    const upload = await begin(requester, ticketId, { fileName: 'a.log', size: logBytes().length });
    expect((await putBlob(upload.uploadUrl, logBytes())).status).toBe(201);
    const url = new URL(upload.uploadUrl);
    const other = new URL(url);
    other.pathname = url.pathname.replace(/[^/]+$/, 'someone-elses');
    expect((await putBlob(other.toString(), logBytes())).status).toBe(403);
    expect((await fetch(upload.uploadUrl)).status).toBe(403);
  });

  it("answers CORS for the app's origin only", async () => {
    const upload = await begin(requester, ticketId, { fileName: 'b.log', size: 3 });
    const preflight = (origin: string) =>
      fetch(upload.uploadUrl, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'x-ms-blob-type,content-type',
        },
      });
    const ours = await preflight(new URL(host.baseUrl).origin);
    expect(ours.status).toBe(200);
    expect(ours.headers.get('access-control-allow-origin')).toBe(new URL(host.baseUrl).origin);
    const theirs = await preflight('https://evil.example');
    expect(theirs.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('who gets 404', () => {
  it("another client's key, a requester of another ticket and a client key asking for an internal file", async () => {
    const { res } = await attach(approver, ticketId, 'approved.log', logBytes());
    const file = await bodyOf<AttachmentView>(res);
    const engineerInternal = await host.api(`/tickets/${ticketId}/attachments`, {
      method: 'POST',
      json: { fileName: 'dump.log', contentType: 'text/plain', size: logBytes().length, internal: true },
    });
    const internal = await bodyOf<Upload>(engineerInternal);
    await putBlob(internal.uploadUrl, logBytes());
    expect(
      (await host.api(`/tickets/${ticketId}/attachments/${internal.id}/complete`, { method: 'POST' })).status,
    ).toBe(200);

    const otherClient = { key: globex.key };
    await expectProblem(await host.api(`/tickets/${ticketId}/attachments`, otherClient), 404);
    await expectProblem(await host.api(`/tickets/${ticketId}/attachments/${file.id}`, otherClient), 404);
    await expectProblem(
      await host.api(`/tickets/${ticketId}/attachments`, {
        ...otherClient,
        method: 'POST',
        json: { fileName: 'x.log', contentType: 'text/plain', size: 3 },
      }),
      404,
    );
    // The approver raised otherTicketId; the requester may not see it.
    await expectProblem(await asSession(host, requester, `/tickets/${otherTicketId}/attachments`), 404);
    await expectProblem(
      await asSession(host, requester, `/tickets/${otherTicketId}/attachments`, {
        method: 'POST',
        json: { fileName: 'x.log', contentType: 'text/plain', size: 3 },
      }),
      404,
    );
    // The client's own key sees the public files but not the internal one.
    const listed = await bodyOf<{ items: AttachmentView[] }>(
      await host.api(`/tickets/${ticketId}/attachments`, { key: acme.key }),
    );
    expect(listed.items.map((a) => a.id)).toContain(file.id);
    expect(listed.items.map((a) => a.id)).not.toContain(internal.id);
    await expectProblem(
      await host.api(`/tickets/${ticketId}/attachments/${internal.id}`, { key: acme.key, redirect: 'manual' }),
      404,
    );
    const staffList = await bodyOf<{ items: AttachmentView[] }>(await host.api(`/tickets/${ticketId}/attachments`));
    expect(staffList.items.find((a) => a.id === internal.id)).toMatchObject({ internal: true });
  });
});

describe('malware', () => {
  it('a blob tagged Malicious by the scanner is never served', async () => {
    const { upload, res } = await attach(requester, ticketId, 'invoice.pdf.log', logBytes());
    const file = await bodyOf<AttachmentView>(res);
    const blobPath = new URL(upload.uploadUrl).pathname.split('/').slice(3).join('/');
    await blobService()
      .getContainerClient('attachments')
      .getBlobClient(decodeURIComponent(blobPath))
      .setTags({ 'Malware Scanning scan result': 'Malicious' });
    await expectProblem(await host.api(`/tickets/${ticketId}/attachments/${file.id}`, { redirect: 'manual' }), 409);
    const list = await bodyOf<{ items: AttachmentView[] }>(await host.api(`/tickets/${ticketId}/attachments`));
    expect(list.items.find((a) => a.id === file.id)?.status).toBe('blocked');
  });
});

function connectionString(): string {
  const match = /Azurite started.*blob (\d+)/.exec(host.output());
  if (!match) throw new Error(`no Azurite blob port in the host's output:\n${host.output()}`);
  const account = 'devstoreaccount1';
  const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  return `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${match[1]}/${account};`;
}

function blobService(): BlobServiceClient {
  return BlobServiceClient.fromConnectionString(connectionString());
}

async function blobExists(path: string): Promise<boolean> {
  return blobService().getContainerClient('attachments').getBlobClient(decodeURIComponent(path)).exists();
}
