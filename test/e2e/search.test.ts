import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import {
  act,
  bodyOf,
  createTicket,
  expectProblem,
  putContact,
  setUpClient,
  type ClientFixture,
} from './support/api-fixtures';
import { asSession, signIn, type BrowserSession } from './support/sign-in';

interface SearchPage {
  items: {
    ticketId: string;
    clientId: string;
    title: string;
    status: string;
    snippet: string;
    highlights: { start: number; end: number }[];
  }[];
  nextCursor?: string;
}

/**
 * Search end to end (docs/product-spec.md §11, docs/search.md): indexed from the outbox through the `search` subscription,
 * visibility as for reading tickets, internal notes for staff only, and the index rebuilt from the tables
 * after it is deleted and the host restarted.
 */
describe('search over HTTP', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'supportdesk-e2e-search-'));
  let host: RunningLocalHost;
  let c: ClientFixture;
  const otherRequester = 'second@search-e2e.example';
  let rita: BrowserSession;
  let sam: BrowserSession;
  let adam: BrowserSession;
  let capacitorTicket: string;
  let zanzibarTicket: string;

  beforeAll(async () => {
    host = await startLocalHost({ dataDir });
    c = await setUpClient(host, 'search-e2e', 'SRE');
    await putContact(host, c.clientId, otherRequester, { name: 'Sam Second', roles: ['requester'] }, 201);
    rita = await signIn(host, c.requester);
    sam = await signIn(host, otherRequester);
    adam = await signIn(host, c.approver);
  }, 180_000);
  afterAll(async () => {
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const asAdmin = async (query: string): Promise<SearchPage> => {
    const res = await host.api(`/search?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return bodyOf(res);
  };
  const asContact = async (session: BrowserSession, query: string): Promise<SearchPage> => {
    const res = await asSession(host, session, `/search?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return bodyOf(res);
  };
  const ids = (page: SearchPage) => page.items.map((i) => i.ticketId);

  /** Asks until the answer is what is expected: the index follows the outbox, a moment after the change. */
  async function eventually(ask: () => Promise<SearchPage>, expected: string[]): Promise<number> {
    const started = performance.now();
    for (;;) {
      const got = ids(await ask());
      if (JSON.stringify(got) === JSON.stringify(expected)) return performance.now() - started;
      if (performance.now() - started > 30_000) expect(got).toEqual(expected);
      await new Promise((resolve) => setTimeout(resolve, 100)); // a polling interval, not a wait for timing
    }
  }

  it('finds a ticket by a word of a comment, and with a typo', async () => {
    const t = await createTicket(host, {
      clientId: c.clientId,
      severity: 'cat2',
      reporter: c.requester,
      title: 'Lab equipment',
    });
    capacitorTicket = t.id;
    await act(host, t.id, { action: 'comment', text: 'The flux capacitor overheats after an hour.' });
    const waited = await eventually(() => asAdmin('q=capacitor'), [t.id]);
    console.log(`search: a new comment was findable after ${Math.round(waited)} ms`);
    const page = await asAdmin('q=capacitr');
    expect(ids(page)).toEqual([t.id]);
    const hit = page.items[0]!;
    expect(hit).toMatchObject({ clientId: c.clientId, title: 'Lab equipment', status: 'new' });
    expect(hit.highlights.map((h) => hit.snippet.slice(h.start, h.end))).toEqual(['capacitor']);
    // By its number too.
    expect(ids(await asAdmin(`q=${t.id}`))[0]).toBe(t.id);
  });

  it("does not let a requester find another requester's ticket; their approver finds both", async () => {
    const t = await createTicket(host, {
      clientId: c.clientId,
      severity: 'cat2',
      reporter: otherRequester,
      title: 'Zanzibar office printer',
    });
    zanzibarTicket = t.id;
    await eventually(() => asContact(sam, 'q=zanzibar'), [t.id]);
    expect(ids(await asContact(rita, 'q=zanzibar'))).toEqual([]);
    expect(ids(await asContact(adam, 'q=zanzibar'))).toEqual([t.id]);
    expect(ids(await asContact(sam, 'q=capacitor'))).toEqual([]);
    expect(ids(await asContact(rita, 'q=capacitor'))).toEqual([capacitorTicket]);
  });

  it('finds a word only in an internal note for staff, and nothing for contacts or client keys', async () => {
    await act(host, capacitorTicket, {
      action: 'comment',
      text: 'Vendor kryptonite credentials rotated',
      internal: true,
    });
    await eventually(() => asAdmin('q=kryptonite'), [capacitorTicket]);
    expect(ids(await asContact(rita, 'q=kryptonite'))).toEqual([]);
    expect(ids(await asContact(adam, 'q=kryptonite'))).toEqual([]);
    const keyed = await host.api('/search?q=kryptonite', { key: c.readOnlyKey });
    expect(ids(await bodyOf<SearchPage>(keyed))).toEqual([]);
    // The ticket is still found publicly, and its snippet never shows the note.
    const publicHit = (await asContact(rita, 'q=capacitor')).items[0]!;
    expect(publicHit.snippet).not.toContain('kryptonite');
  });

  it('keeps to the filters, refuses another client (404) and an empty query (400 naming q)', async () => {
    expect(ids(await asAdmin(`q=zanzibar&clientId=${c.clientId}&status=new`))).toEqual([zanzibarTicket]);
    expect(ids(await asAdmin(`q=zanzibar&status=closed`))).toEqual([]);
    await expectProblem(await asSession(host, rita, '/search?q=zanzibar&clientId=someone-else'), 404);
    const problem = await expectProblem(await host.api('/search?q=%20'), 400);
    expect((problem.errors ?? []).map((e) => e.field)).toContain('q');
  });

  it("rebuilds on an administrator's command and is described in the OpenAPI document", async () => {
    const refused = await host.api('/search/rebuild', { method: 'POST', key: c.key });
    expect(refused.status).toBe(403);
    const res = await host.api('/search/rebuild', { method: 'POST' });
    expect(res.status, await res.clone().text()).toBe(202);
    expect(await res.json()).toEqual({ status: 'rebuilding' });
    await eventually(() => asAdmin('q=kryptonite'), [capacitorTicket]);
    expect(ids(await asContact(rita, 'q=kryptonite'))).toEqual([]);
    const doc = (await (await host.api('/openapi.json', { key: null })).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    expect(doc.paths['/api/search']?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'clientId', 'status', 'limit', 'cursor']),
    );
    expect(doc.paths['/api/search/rebuild']?.post).toBeDefined();
  });

  it('answers the same after the index is deleted and the host restarted (rebuilt from the tables)', async () => {
    const before = {
      admin: ids(await asAdmin('q=kryptonite')),
      typo: ids(await asAdmin('q=capacitr')),
      rita: ids(await asContact(rita, 'q=zanzibar')),
      sam: ids(await asContact(sam, 'q=zanzibar')),
      ritaNote: ids(await asContact(rita, 'q=kryptonite')),
    };
    await host.stop();
    rmSync(path.join(dataDir, 'search'), { recursive: true, force: true });
    host = await startLocalHost({ dataDir });
    await eventually(() => asAdmin('q=kryptonite'), before.admin);
    rita = await signIn(host, c.requester);
    sam = await signIn(host, otherRequester);
    expect({
      admin: ids(await asAdmin('q=kryptonite')),
      typo: ids(await asAdmin('q=capacitr')),
      rita: ids(await asContact(rita, 'q=zanzibar')),
      sam: ids(await asContact(sam, 'q=zanzibar')),
      ritaNote: ids(await asContact(rita, 'q=kryptonite')),
    }).toEqual(before);
    expect(before).toEqual({
      admin: [capacitorTicket],
      typo: [capacitorTicket],
      rita: [],
      sam: [zanzibarTicket],
      ritaNote: [],
    });
  }, 180_000);
});
