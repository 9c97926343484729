import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AzureAiSearchIndex } from '../../src/adapters/search/azure-ai-search-index';
import { EmbeddedSearchIndex } from '../../src/adapters/search/embedded-search-index';
import { searchIndexFormat } from '../../src/domain/search/search-document';
import type { SearchIndex, SearchRequest } from '../../src/ports/search-index';
import { doc } from '../support/search-documents';
import { startLoopbackAiSearch, staticToken, type LoopbackAiSearch } from '../support/loopback-ai-search';

/**
 * The SearchIndex contract, run against the embedded engine (in memory and persisted to a folder) and the
 * Azure AI Search adapter talking to a loopback server that speaks the service's REST API. Each case starts
 * from an empty index.
 */

const ask = (text: string, more: Partial<SearchRequest> = {}): SearchRequest => ({
  text,
  scopes: undefined,
  includeInternal: true,
  offset: 0,
  limit: 20,
  ...more,
});

const ids = async (index: SearchIndex, request: SearchRequest) =>
  (await index.search(request)).hits.map((h) => h.ticketId);

function contract(name: string, index: () => SearchIndex): void {
  describe(`SearchIndex contract: ${name}`, () => {
    beforeEach(async () => {
      await index().reset();
    });

    it('finds a ticket by a word of its title, description, public comments, resolution or number', async () => {
      await index().upsert([
        doc('ACME-1', { title: 'Printer jams', description: 'The invoice printer jams on every page' }),
        doc('ACME-2', { title: 'Login slow', comments: 'Customer says the dashboard freezes' }),
        doc('ACME-3', { title: 'Backup', resolution: 'Rotated the expired certificate' }),
      ]);
      expect(await ids(index(), ask('invoice'))).toEqual(['ACME-1']);
      expect(await ids(index(), ask('dashboard freezes'))).toEqual(['ACME-2']);
      expect(await ids(index(), ask('certificate'))).toEqual(['ACME-3']);
      expect(await ids(index(), ask('ACME-2'))).toEqual(['ACME-2']);
      expect(await ids(index(), ask('dashboard printer'))).toEqual([]); // every word must match
      expect(await ids(index(), ask('zeppelin'))).toEqual([]);
    });

    it('matches a word by its prefix and with one typo, and ranks a title match first', async () => {
      await index().upsert([
        doc('ACME-1', { title: 'Mailbox quota', description: 'nothing about the other thing' }),
        doc('ACME-2', { title: 'Disk full', description: 'the mailbox of finance is full' }),
        doc('ACME-3', { title: 'Unrelated', description: 'a mail sent' }),
      ]);
      expect(await ids(index(), ask('mailbo'))).toEqual(['ACME-1', 'ACME-2']);
      expect(await ids(index(), ask('mailbax'))).toEqual(['ACME-1', 'ACME-2']);
      expect(await ids(index(), ask('quotaa'))).toEqual(['ACME-1']);
      expect(await ids(index(), ask('mialbxo'))).toEqual([]); // more than one typo
    });

    it('gives a plain-text snippet with the matched words marked', async () => {
      const long = `${'lorem ipsum '.repeat(30)}the <b>firewall</b> dropped packets ${'dolor sit '.repeat(30)}`;
      await index().upsert([doc('ACME-1', { description: long })]);
      const [hit] = (await index().search(ask('firewall'))).hits;
      expect(hit!.snippet.text).toContain('<b>firewall</b> dropped');
      expect(hit!.snippet.text.length).toBeLessThan(200);
      expect(hit!.snippet.highlights.map((h) => hit!.snippet.text.slice(h.start, h.end))).toEqual(['firewall']);
      expect(hit).toMatchObject({ ticketId: 'ACME-1', clientId: 'acme', title: 'Untitled', status: 'new' });
    });

    it('keeps to the scopes and statuses asked: a client, a reporter, nothing', async () => {
      await index().upsert([
        doc('ACME-1', { title: 'outage', reporter: 'jo@acme.test' }),
        doc('ACME-2', { title: 'outage', reporter: 'al@acme.test', status: 'closed' }),
        doc('GLOBEX-1', { title: 'outage', reporter: 'jo@acme.test' }),
      ]);
      expect((await ids(index(), ask('outage'))).sort()).toEqual(['ACME-1', 'ACME-2', 'GLOBEX-1']);
      expect((await ids(index(), ask('outage', { scopes: [{ clientId: 'acme' }] }))).sort()).toEqual([
        'ACME-1',
        'ACME-2',
      ]);
      expect(await ids(index(), ask('outage', { scopes: [{ clientId: 'acme', reporter: 'jo@acme.test' }] }))).toEqual([
        'ACME-1',
      ]);
      expect(
        (
          await ids(
            index(),
            ask('outage', { scopes: [{ clientId: 'acme', reporter: 'al@acme.test' }, { clientId: 'globex' }] }),
          )
        ).sort(),
      ).toEqual(['ACME-2', 'GLOBEX-1']);
      expect(await ids(index(), ask('outage', { scopes: [] }))).toEqual([]);
      expect(await ids(index(), ask('outage', { statuses: ['closed'] }))).toEqual(['ACME-2']);
    });

    it('matches internal notes only when asked to, and never cuts a snippet from them otherwise', async () => {
      await index().upsert([
        doc('ACME-1', { description: 'Server down', internal: 'vendor credentials rotated by kowalski' }),
        doc('ACME-2', { description: 'kowalski called about the server', internal: 'kowalski again' }),
      ]);
      expect(await ids(index(), ask('credentials', { includeInternal: false }))).toEqual([]);
      expect(await ids(index(), ask('credentials'))).toEqual(['ACME-1']);
      const hits = (await index().search(ask('kowalski', { includeInternal: false }))).hits;
      expect(hits.map((h) => h.ticketId)).toEqual(['ACME-2']);
      expect(hits[0]!.snippet.text).not.toContain('again');
      // Matching "server" publicly: the snippet of ACME-1 comes from its description, not its note.
      const server = (await index().search(ask('server', { includeInternal: false }))).hits;
      expect(server.map((h) => h.snippet.text).join(' ')).not.toMatch(/credentials|again/);
    });

    it('replaces a document by a newer revision and ignores an older one', async () => {
      await index().upsert([doc('ACME-1', { title: 'alpha', revision: 2 })]);
      await index().upsert([doc('ACME-1', { title: 'beta', revision: 3 })]);
      await index().upsert([doc('ACME-1', { title: 'gamma', revision: 1 })]);
      expect(await ids(index(), ask('alpha'))).toEqual([]);
      expect(await ids(index(), ask('gamma'))).toEqual([]);
      expect((await index().search(ask('beta'))).hits).toMatchObject([{ ticketId: 'ACME-1', title: 'beta' }]);
    });

    it('pages by offset and says whether more follow', async () => {
      await index().upsert(Array.from({ length: 5 }, (_, i) => doc(`ACME-${i + 1}`, { title: 'paging' })));
      const first = await index().search(ask('paging', { limit: 2 }));
      const second = await index().search(ask('paging', { limit: 2, offset: 2 }));
      const third = await index().search(ask('paging', { limit: 2, offset: 4 }));
      expect([first.more, second.more, third.more]).toEqual([true, true, false]);
      const all = [...first.hits, ...second.hits, ...third.hits].map((h) => h.ticketId);
      expect(all.sort()).toEqual(['ACME-1', 'ACME-2', 'ACME-3', 'ACME-4', 'ACME-5']);
    });

    it('reports its state: reset is empty and incomplete until marked complete', async () => {
      await index().upsert([doc('ACME-1'), doc('ACME-2')]);
      expect(await index().state()).toEqual({ format: searchIndexFormat, complete: false, documents: 2 });
      await index().markComplete();
      expect(await index().state()).toEqual({ format: searchIndexFormat, complete: true, documents: 2 });
      await index().reset();
      expect(await index().state()).toEqual({ format: searchIndexFormat, complete: false, documents: 0 });
    });
  });
}

const folder = mkdtempSync(join(tmpdir(), 'search-contract-'));
let loopback: LoopbackAiSearch;
let azure: AzureAiSearchIndex;

beforeAll(async () => {
  loopback = await startLoopbackAiSearch();
  azure = new AzureAiSearchIndex({ endpoint: loopback.url, indexPrefix: 'tickets', credential: staticToken('t0k') });
});
afterAll(async () => {
  await loopback.close();
  rmSync(folder, { recursive: true, force: true });
});

const memory = new EmbeddedSearchIndex();
const persisted = new EmbeddedSearchIndex(folder);
contract('embedded, in memory', () => memory);
contract('embedded, persisted to a folder', () => persisted);
contract('Azure AI Search (loopback REST server)', () => azure);
