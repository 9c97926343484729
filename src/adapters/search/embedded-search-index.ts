import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
import {
  publicTextFields,
  searchIndexFormat,
  searchWords,
  snippetOf,
  type SearchDocument,
} from '../../domain/search/search-document';
import type { SearchIndex, SearchIndexState, SearchRequest, SearchResult } from '../../ports/search-index';

/** The fields the engine matches; `internal` only for the support team. */
const matchedFields = ['ticketId', 'title', ...publicTextFields, 'internal'] as const;
const publicMatchedFields = matchedFields.filter((f) => f !== 'internal');

/** Journal lines after which the folder's snapshot is rewritten and the journal emptied. */
const compactAfter = 2000;

interface Snapshot {
  readonly format: number;
  readonly complete: boolean;
  readonly documents: readonly SearchDocument[];
}

/**
 * The embedded search engine (docs/search.md: MiniSearch, chosen by measurement against Orama): an in-memory
 * inverted index of every ticket, for the local host and one-instance deployments.
 *
 * With a folder it is persisted there as a snapshot plus an append-only journal: every upsert is appended
 * to the journal before it is acknowledged, so an event the topic counts as handled is on disk, and on start
 * the snapshot is loaded and the journal replayed. A missing folder, a snapshot of another format or one of
 * an unfinished rebuild reads as "no index" and the search service rebuilds it from the tables. Without a
 * folder (tests, benchmarks) it lives in memory only.
 */
export class EmbeddedSearchIndex implements SearchIndex {
  readonly #documents = new Map<string, SearchDocument>();
  #engine = newEngine();
  #format: number | undefined;
  #complete = false;
  #journalLines = 0;
  #opened: Promise<void> | undefined;
  /** File writes, one after another: appends and snapshots never interleave. */
  #writes: Promise<void> = Promise.resolve();

  constructor(private readonly folder?: string) {
    if (!folder) this.#opened = Promise.resolve();
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    await this.#open();
    const newer = documents.filter((d) => (this.#documents.get(d.ticketId)?.revision ?? -1) <= d.revision);
    if (newer.length === 0) return;
    if (this.folder) {
      const lines = newer.map((d) => JSON.stringify(d) + '\n').join('');
      await this.#write(() => appendFile(this.#journal, lines));
      this.#journalLines += newer.length;
    }
    for (const document of newer) this.#put(document);
    if (this.folder && this.#journalLines >= compactAfter) await this.#write(() => this.#snapshot());
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    await this.#open();
    const byClient = request.scopes && new Map(request.scopes.map((s) => [s.clientId, s.reporter]));
    const statuses = request.statuses && new Set(request.statuses);
    const visible = (d: SearchDocument): boolean => {
      if (byClient) {
        if (!byClient.has(d.clientId)) return false;
        const reporter = byClient.get(d.clientId);
        if (reporter !== undefined && d.reporter !== reporter) return false;
      }
      return !statuses || statuses.has(d.status);
    };
    const fields = request.includeInternal ? [...matchedFields] : publicMatchedFields;
    const results = this.#engine.search(request.text, {
      fields,
      combineWith: 'AND',
      prefix: true,
      // One typo: words of four letters or more (shorter ones would match too many words).
      fuzzy: (term) => (term.length >= 4 ? 1 : false),
      maxFuzzy: 1,
      boost: { ticketId: 4, title: 2 },
      filter: (r) => {
        const d = this.#documents.get(r.id as string);
        return d !== undefined && visible(d);
      },
    });
    const page = results.slice(request.offset, request.offset + request.limit);
    return {
      hits: page.map((r) => this.#hit(r, request.includeInternal)),
      more: results.length > request.offset + request.limit,
    };
  }

  async state(): Promise<SearchIndexState | undefined> {
    await this.#open();
    if (this.#format === undefined) return undefined;
    return { format: this.#format, complete: this.#complete, documents: this.#documents.size };
  }

  async reset(): Promise<void> {
    await this.#open();
    this.#documents.clear();
    this.#engine = newEngine();
    this.#format = searchIndexFormat;
    this.#complete = false;
    if (this.folder) await this.#write(() => this.#snapshot());
  }

  async markComplete(): Promise<void> {
    await this.#open();
    this.#complete = true;
    if (this.folder) await this.#write(() => this.#snapshot());
  }

  #hit(r: MiniResult, includeInternal: boolean) {
    const d = this.#documents.get(r.id as string) as SearchDocument;
    // The document words the query matched, looked for only in fields the caller may see.
    const matched = new Set<string>();
    for (const [term, fields] of Object.entries(r.match))
      if (includeInternal || fields.some((f) => f !== 'internal')) matched.add(term);
    const texts = [d.description, d.comments, d.resolution, ...(includeInternal ? [d.internal] : [])];
    return {
      ticketId: d.ticketId,
      clientId: d.clientId,
      title: d.title,
      status: d.status,
      snippet: snippetOf(texts, matched),
    };
  }

  #put(document: SearchDocument): void {
    if (this.#engine.has(document.ticketId)) this.#engine.discard(document.ticketId);
    this.#documents.set(document.ticketId, document);
    this.#engine.add(document);
  }

  get #journal(): string {
    return join(this.folder as string, 'journal.ndjson');
  }

  get #snapshotFile(): string {
    return join(this.folder as string, 'snapshot.json');
  }

  #write(step: () => Promise<void>): Promise<void> {
    const next = this.#writes.then(step);
    this.#writes = next.catch(() => undefined);
    return next;
  }

  /** Snapshot first (written aside, then renamed over), journal emptied after: a crash between keeps both, and replaying the journal over the snapshot changes nothing. */
  async #snapshot(): Promise<void> {
    const snapshot: Snapshot = {
      format: this.#format ?? searchIndexFormat,
      complete: this.#complete,
      documents: [...this.#documents.values()],
    };
    await writeFile(`${this.#snapshotFile}.tmp`, JSON.stringify(snapshot));
    await rename(`${this.#snapshotFile}.tmp`, this.#snapshotFile);
    await writeFile(this.#journal, '');
    this.#journalLines = 0;
  }

  #open(): Promise<void> {
    this.#opened ??= this.#load();
    return this.#opened;
  }

  async #load(): Promise<void> {
    const folder = this.folder as string;
    await mkdir(folder, { recursive: true });
    const snapshot = await readJson(this.#snapshotFile);
    if (!snapshot || snapshot.format !== searchIndexFormat) {
      // No index, or one of another format: it reads as missing, and whatever was there is removed.
      this.#format = snapshot?.format;
      this.#complete = false;
      await rm(this.#journal, { force: true });
      return;
    }
    this.#format = snapshot.format;
    this.#complete = snapshot.complete;
    for (const d of snapshot.documents) this.#put(d);
    const journal = await readFile(this.#journal, 'utf8').catch(() => '');
    for (const line of journal.split('\n')) {
      if (!line) continue;
      let d: SearchDocument;
      try {
        d = JSON.parse(line) as SearchDocument;
      } catch {
        continue; // a line cut short by a crash mid-append: its event was not acknowledged, so it comes again
      }
      if ((this.#documents.get(d.ticketId)?.revision ?? -1) <= d.revision) this.#put(d);
      this.#journalLines++;
    }
  }
}

function newEngine(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    idField: 'ticketId',
    fields: [...matchedFields],
    storeFields: [],
    tokenize: (text) => searchWords(text),
    processTerm: (term) => term.toLowerCase(),
  });
}

async function readJson(path: string): Promise<Snapshot | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Snapshot;
  } catch {
    return undefined;
  }
}
