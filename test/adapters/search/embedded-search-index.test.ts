import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedSearchIndex } from '../../../src/adapters/search/embedded-search-index';
import { searchIndexFormat } from '../../../src/domain/search/search-document';
import { doc } from '../../support/search-documents';

/** The embedded engine's folder: what survives a restart and what reads as "no index". */
const folders: string[] = [];
const folder = () => {
  const f = mkdtempSync(join(tmpdir(), 'search-embedded-'));
  folders.push(f);
  return f;
};
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});
const ask = (text: string) => ({ text, scopes: undefined, includeInternal: true, offset: 0, limit: 10 });

describe('the embedded search index in a folder', () => {
  it('answers the same after a restart: snapshot loaded, journal replayed', async () => {
    const dir = folder();
    const first = new EmbeddedSearchIndex(dir);
    await first.reset();
    await first.upsert([doc('ACME-1', { title: 'walrus' }), doc('ACME-2', { title: 'penguin' })]);
    await first.markComplete();
    await first.upsert([doc('ACME-2', { title: 'puffin', revision: 2 })]); // journal only
    const again = new EmbeddedSearchIndex(dir);
    expect(await again.state()).toEqual({ format: searchIndexFormat, complete: true, documents: 2 });
    expect((await again.search(ask('puffin'))).hits.map((h) => h.ticketId)).toEqual(['ACME-2']);
    expect((await again.search(ask('penguin'))).hits).toEqual([]);
    expect((await again.search(ask('walrus'))).hits.map((h) => h.ticketId)).toEqual(['ACME-1']);
  });

  it('skips a journal line cut short by a crash (its event was never acknowledged)', async () => {
    const dir = folder();
    const first = new EmbeddedSearchIndex(dir);
    await first.reset();
    await first.upsert([doc('ACME-1', { title: 'walrus' })]);
    appendFileSync(join(dir, 'journal.ndjson'), '{"ticketId":"ACME-2","tit');
    const again = new EmbeddedSearchIndex(dir);
    expect(await again.state()).toMatchObject({ documents: 1 });
  });

  it('reads as no index when the folder is empty, and as another format when the format changed', async () => {
    expect(await new EmbeddedSearchIndex(folder()).state()).toBeUndefined();
    const dir = folder();
    const first = new EmbeddedSearchIndex(dir);
    await first.reset();
    await first.markComplete();
    const snapshot = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as { format: number };
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ ...snapshot, format: searchIndexFormat - 1 }));
    expect(await new EmbeddedSearchIndex(dir).state()).toEqual({
      format: searchIndexFormat - 1,
      complete: false,
      documents: 0,
    });
  });

  it('compacts the journal into the snapshot as it grows', async () => {
    const dir = folder();
    const index = new EmbeddedSearchIndex(dir);
    await index.reset();
    await index.upsert(Array.from({ length: 2100 }, (_, i) => doc(`ACME-${i + 1}`, { title: `word${i}` })));
    expect(readFileSync(join(dir, 'journal.ndjson'), 'utf8')).toBe('');
    expect(await new EmbeddedSearchIndex(dir).state()).toMatchObject({ documents: 2100 });
  });
});
