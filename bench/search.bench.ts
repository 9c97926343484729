/**
 * Ticket search (docs/search.md): the embedded engine at 10,000 and 100,000 tickets, beside a full scan of
 * the same tickets' text in the same run (the baseline: what answering without an index costs), and, at
 * 10,000, Orama on the same corpus (the engine MiniSearch was chosen over).
 *
 * For each engine and size: index build time, heap grown by the index, and p50/p95 of 200 queries of four
 * kinds (one exact word, a prefix, a word with one typo, two words), every query asked as staff (every
 * client) and as a requester (one client, their tickets). The corpus is generated from a fixed seed, so
 * every run indexes the same text. Prints numbers only; nothing here asserts a time.
 *
 * Run: npm run bench:search [-- 10000 100000] (sizes; default both). The full scan asks the first
 * 200 queries at 10,000 tickets and the first 20 at 100,000 (it takes seconds a query there).
 */
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import { EmbeddedSearchIndex } from '../src/adapters/search/embedded-search-index';
import { searchWords, type SearchDocument } from '../src/domain/search/search-document';
import type { SearchRequest } from '../src/ports/search-index';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { seededRandom } from './seeded-random';

// A collectable heap, so the memory column measures what an index keeps rather than garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const sizes = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
const SIZES = sizes.length > 0 ? sizes : [10_000, 100_000];
const QUERIES = 200;
const CLIENTS = 20;

const random = seededRandom(20261207);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// A vocabulary shaped like support text: a few thousand distinct words, some much more frequent than others.
const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dro', 'gen', 'tor', 'lux'];
const vocabulary = Array.from({ length: 6000 }, () => {
  const n = 2 + Math.floor(random() * 3);
  return Array.from({ length: n }, () => pick(syllables)).join('');
});
const common = ['the', 'is', 'not', 'printer', 'server', 'error', 'login', 'mail', 'after', 'update', 'since'];
const word = () => (random() < 0.3 ? pick(common) : vocabulary[Math.floor(random() ** 2 * vocabulary.length)]!);
const sentence = (words: number) => Array.from({ length: words }, word).join(' ');

function corpus(size: number): SearchDocument[] {
  return Array.from({ length: size }, (_, i) => {
    const clientId = `client${i % CLIENTS}`;
    const number = Math.floor(i / CLIENTS) + 1;
    return {
      ticketId: `C${i % CLIENTS}-${number}`,
      clientId,
      number,
      reporter: `r${i % 7}@${clientId}.test`,
      status: pick(['new', 'in-progress', 'resolved', 'closed'] as const),
      title: sentence(6),
      description: sentence(60),
      comments: Array.from({ length: Math.floor(random() * 4) }, () => sentence(25)).join('\n'),
      resolution: random() < 0.4 ? sentence(15) : '',
      internal: random() < 0.3 ? sentence(15) : '',
      revision: 1,
    };
  });
}

function queries(docs: readonly SearchDocument[]): string[] {
  return Array.from({ length: QUERIES }, (_, i) => {
    const words = searchWords(pick(docs).description).filter((w) => w.length >= 5);
    const w = words.length > 0 ? pick(words) : 'printer';
    switch (i % 4) {
      case 0:
        return w;
      case 1:
        return w.slice(0, Math.max(3, w.length - 2)); // a prefix
      case 2:
        return `${w.slice(0, 2)}${w.slice(3)}`; // one letter dropped: a typo
      default:
        return `${w} ${pick(words.length > 1 ? words : ['printer'])}`;
    }
  });
}

const requester = (docs: readonly SearchDocument[]) => ({ clientId: docs[3]!.clientId, reporter: docs[3]!.reporter });

function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length * 0.5)]!, p95: sorted[Math.floor(sorted.length * 0.95)]! };
}

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

interface Row {
  readonly engine: string;
  readonly size: number;
  readonly buildMs: number;
  readonly heapMb: number;
  readonly p50: number;
  readonly p95: number;
  readonly hitsPerQuery: number;
}

async function timeQueries(qs: readonly string[], ask: (q: string, staff: boolean) => Promise<number>) {
  const samples: number[] = [];
  let hits = 0;
  for (const q of qs)
    for (const staff of [true, false]) {
      const t = performance.now();
      hits += await ask(q, staff);
      samples.push(performance.now() - t);
    }
  return { ...percentiles(samples), hitsPerQuery: hits / samples.length };
}

async function embedded(docs: readonly SearchDocument[], qs: readonly string[]): Promise<Row> {
  const before = heapMb();
  const index = new EmbeddedSearchIndex();
  const t = performance.now();
  await index.reset();
  for (let i = 0; i < docs.length; i += 500) await index.upsert(docs.slice(i, i + 500));
  const buildMs = performance.now() - t;
  const grown = heapMb() - before;
  const own = requester(docs);
  const timed = await timeQueries(qs, async (q, staff) => {
    const request: SearchRequest = {
      text: q,
      scopes: staff ? undefined : [own],
      includeInternal: staff,
      offset: 0,
      limit: 20,
    };
    return (await index.search(request)).hits.length;
  });
  return { engine: 'embedded (MiniSearch)', size: docs.length, buildMs, heapMb: grown, ...timed };
}

async function orama(docs: readonly SearchDocument[], qs: readonly string[]): Promise<Row> {
  const before = heapMb();
  const t = performance.now();
  const db = create({
    schema: {
      ticketId: 'string',
      title: 'string',
      description: 'string',
      comments: 'string',
      resolution: 'string',
      internal: 'string',
      clientId: 'enum',
      reporter: 'enum',
      status: 'enum',
    } as const,
  });
  await insertMultiple(
    db,
    docs.map(({ number: _n, revision: _r, ...d }) => d),
    500,
  );
  const buildMs = performance.now() - t;
  const grown = heapMb() - before;
  const own = requester(docs);
  const timed = await timeQueries(qs, async (q, staff) => {
    const result = await oramaSearch(db, {
      term: q,
      properties: staff
        ? ['ticketId', 'title', 'description', 'comments', 'resolution', 'internal']
        : ['ticketId', 'title', 'description', 'comments', 'resolution'],
      tolerance: 1,
      threshold: 0,
      limit: 20,
      ...(staff ? {} : { where: { clientId: { eq: own.clientId }, reporter: { eq: own.reporter } } }),
    });
    return result.hits.length;
  });
  return { engine: 'Orama', size: docs.length, buildMs, heapMb: grown, ...timed };
}

/** No index: every ticket's text split into words and each query word looked for (prefix, or one typo). */
async function fullScan(docs: readonly SearchDocument[], all: readonly string[]): Promise<Row> {
  // A scan takes seconds a query at 100,000 tickets: a fixed share of the same queries keeps the run short.
  const qs = all.slice(0, Math.max(20, Math.min(all.length, Math.floor(2_000_000 / docs.length))));
  const own = requester(docs);
  const near = (a: string, b: string): boolean => {
    if (a.startsWith(b)) return true;
    if (b.length < 4 || Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
  };
  const timed = await timeQueries(qs, (q, staff) => {
    const words = searchWords(q);
    let hits = 0;
    for (const d of docs) {
      if (!staff && (d.clientId !== own.clientId || d.reporter !== own.reporter)) continue;
      const text = searchWords(
        `${d.ticketId} ${d.title} ${d.description} ${d.comments} ${d.resolution}${staff ? ` ${d.internal}` : ''}`,
      );
      if (words.every((w) => text.some((t) => near(t, w)))) hits++;
    }
    return Promise.resolve(Math.min(hits, 20));
  });
  return { engine: 'full scan (baseline)', size: docs.length, buildMs: 0, heapMb: 0, ...timed };
}

const f = (n: number, digits = 2) => n.toFixed(digits);

async function main(): Promise<void> {
  console.log(`bench:search — ${QUERIES} queries × (staff, requester) per engine; node ${process.version}`);
  for (const size of SIZES) {
    const docs = corpus(size);
    const qs = queries(docs);
    const rows: Row[] = [await embedded(docs, qs)];
    if (size <= 10_000) rows.push(await orama(docs, qs));
    const scan = await fullScan(docs, qs);
    rows.push(scan);
    console.log(
      `\n${size.toLocaleString('en')} tickets (full scan: the first ${Math.max(20, Math.min(QUERIES, Math.floor(2_000_000 / size)))} queries)`,
    );
    console.log(
      'engine                  build ms   heap MB   p50 ms   p95 ms   p50 vs scan   p95 vs scan   hits/query',
    );
    for (const r of rows)
      console.log(
        [
          r.engine.padEnd(22),
          f(r.buildMs, 0).padStart(9),
          f(r.heapMb, 0).padStart(9),
          f(r.p50).padStart(8),
          f(r.p95).padStart(8),
          f(r.p50 / scan.p50, 4).padStart(13),
          f(r.p95 / scan.p95, 4).padStart(13),
          f(r.hitsPerQuery, 1).padStart(12),
        ].join(' '),
      );
  }
}

void main();
