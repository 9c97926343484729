import type { TokenCredential } from '@azure/identity';
import {
  publicTextFields,
  searchIndexFormat,
  searchWords,
  snippetOf,
  type SearchDocument,
  type Snippet,
} from '../../domain/search/search-document';
import type { SearchIndex, SearchIndexState, SearchRequest, SearchResult } from '../../ports/search-index';

/** The data-plane REST API version the adapter speaks (GA). */
export const aiSearchApiVersion = '2024-07-01';
const tokenScope = 'https://search.azure.com/.default';
/** A document that says the last rebuild finished; never matched (no text) and filtered out of every query. */
const completeMarker = 'index-complete';
const markerClient = '~meta';
/** Private-use characters as highlight tags: they cannot occur in the text, so offsets are exact and no markup is ever made. */
const pre = '\uE000';
const post = '\uE001';

export interface AzureAiSearchOptions {
  /** `https://<service>.search.windows.net` */
  readonly endpoint: string;
  /** The index is `<prefix>-v<format>`: a new document format is a new index, built from the tables. */
  readonly indexPrefix: string;
  /** The managed identity (role `Search Index Data Contributor`); no admin key is used. */
  readonly credential: TokenCredential;
}

type AiDocument = SearchDocument & { readonly '@search.highlights'?: Readonly<Record<string, readonly string[]>> };

/**
 * Ticket search on Azure AI Search, for deployments that outgrow one instance (docs/search.md): the
 * documented REST API — `PUT /indexes/{name}` (the definition below), `POST …/docs/index` (push,
 * `mergeOrUpload`), `POST …/docs/search` (full Lucene syntax: each word as a prefix or with one typo) —
 * authenticated with a managed-identity bearer token.
 */
export class AzureAiSearchIndex implements SearchIndex {
  readonly #indexName: string;
  readonly #base: string;

  constructor(private readonly options: AzureAiSearchOptions) {
    this.#indexName = `${options.indexPrefix}-v${searchIndexFormat}`;
    this.#base = `${options.endpoint.replace(/\/$/, '')}/indexes`;
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    // The push API has no conditional write: the revisions held are read first, so an older read of a
    // ticket does not replace a newer one (two deliveries of one ticket's events racing in between can
    // still; the next event of the ticket rewrites it).
    const held = await this.#revisions(documents.map((d) => d.ticketId));
    const newer = documents.filter((d) => (held.get(d.ticketId) ?? -1) <= d.revision);
    if (newer.length === 0) return;
    await this.#push(newer.map((d) => ({ '@search.action': 'mergeOrUpload', ...d })));
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const words = searchWords(request.text);
    const textFields = request.includeInternal ? [...publicTextFields, 'internal'] : [...publicTextFields];
    const body = {
      search: words.map((w) => (w.length >= 4 ? `(${w}* OR ${w}~1)` : `${w}*`)).join(' AND '),
      queryType: 'full',
      searchMode: 'all',
      searchFields: ['ticketId', 'title', ...textFields].join(','),
      scoringProfile: 'weighted',
      filter: filterOf(request),
      select: 'ticketId,clientId,title,status,description',
      highlight: textFields.join(','),
      highlightPreTag: pre,
      highlightPostTag: post,
      top: request.limit + 1,
      skip: request.offset,
    };
    const answer = (await this.#call('POST', `/${this.#indexName}/docs/search`, body)) as { value: AiDocument[] };
    const hits = answer.value.slice(0, request.limit).map((d) => ({
      ticketId: d.ticketId,
      clientId: d.clientId,
      title: d.title,
      status: d.status,
      snippet: snippetOfHighlights(d, textFields) ?? snippetOf([d.description], new Set()),
    }));
    return { hits, more: answer.value.length > request.limit };
  }

  async state(): Promise<SearchIndexState | undefined> {
    const index = await this.#call('GET', `/${this.#indexName}`, undefined, true);
    if (index === undefined) return undefined;
    const counted = (await this.#call('POST', `/${this.#indexName}/docs/search`, {
      search: '*',
      filter: `clientId ne '${markerClient}'`,
      count: true,
      top: 0,
    })) as { '@odata.count': number };
    const marker = await this.#revisions([completeMarker]);
    return { format: searchIndexFormat, complete: marker.has(completeMarker), documents: counted['@odata.count'] };
  }

  async reset(): Promise<void> {
    await this.#call('DELETE', `/${this.#indexName}`, undefined, true);
    await this.#call('PUT', `/${this.#indexName}`, indexDefinition(this.#indexName));
  }

  async markComplete(): Promise<void> {
    await this.#push([
      {
        '@search.action': 'mergeOrUpload',
        ticketId: completeMarker,
        clientId: markerClient,
        reporter: '',
        status: 'closed',
        title: '',
        revision: 0,
      },
    ]);
  }

  async #revisions(ticketIds: readonly string[]): Promise<Map<string, number>> {
    const answer = (await this.#call('POST', `/${this.#indexName}/docs/search`, {
      search: '*',
      filter: `search.in(ticketId, '${ticketIds.map(quoteless).join(',')}', ',')`,
      select: 'ticketId,revision',
      top: ticketIds.length,
    })) as { value: { ticketId: string; revision: number }[] };
    return new Map(answer.value.map((d) => [d.ticketId, d.revision]));
  }

  async #push(actions: readonly Record<string, unknown>[]): Promise<void> {
    const answer = (await this.#call('POST', `/${this.#indexName}/docs/index`, { value: actions })) as {
      value: { key: string; status: boolean; errorMessage?: string | null }[];
    };
    const failed = answer.value.filter((r) => !r.status);
    if (failed.length > 0)
      throw new Error(
        `Azure AI Search refused ${failed.length} documents: ${failed[0]!.key}: ${failed[0]!.errorMessage}`,
      );
  }

  /** One REST call; `missingOk` turns a 404 into `undefined`. Any other failure throws (the event comes again). */
  async #call(method: string, path: string, body?: unknown, missingOk = false): Promise<unknown> {
    const token = await this.options.credential.getToken(tokenScope);
    if (!token) throw new Error('No token for Azure AI Search.');
    const response = await fetch(`${this.#base}${path}?api-version=${aiSearchApiVersion}`, {
      method,
      headers: {
        authorization: `Bearer ${token.token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (missingOk && response.status === 404) return undefined;
    // 207: some documents of a push failed; their statuses say which.
    if (!response.ok && response.status !== 207) {
      const text = await response.text().catch(() => '');
      throw new Error(`Azure AI Search ${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    }
    const text = await response.text();
    return text ? JSON.parse(text) : {};
  }
}

const quoteless = (value: string): string => value.replace(/[',]/g, '');
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** OData `$filter`: the marker never; the caller's clients (each maybe one reporter's tickets); the statuses asked. */
function filterOf(request: SearchRequest): string {
  const parts = [`clientId ne '${markerClient}'`];
  if (request.scopes) {
    const scopes = request.scopes.map((s) =>
      s.reporter !== undefined
        ? `(clientId eq ${literal(s.clientId)} and reporter eq ${literal(s.reporter)})`
        : `clientId eq ${literal(s.clientId)}`,
    );
    parts.push(scopes.length > 0 ? `(${scopes.join(' or ')})` : 'false');
  }
  if (request.statuses) parts.push(`search.in(status, '${request.statuses.join('|')}', '|')`);
  return parts.join(' and ');
}

/** The first highlighted fragment of the fields in order, as plain text with offsets, cut to a snippet's length. */
function snippetOfHighlights(d: AiDocument, fields: readonly string[]): Snippet | undefined {
  for (const field of fields) {
    const fragment = d['@search.highlights']?.[field]?.[0];
    if (!fragment) continue;
    const matched = new Set<string>();
    for (const m of fragment.matchAll(new RegExp(`${pre}([^${post}]*)${post}`, 'g'))) matched.add(m[1]!.toLowerCase());
    return snippetOf([fragment.replaceAll(pre, '').replaceAll(post, '')], matched);
  }
  return undefined;
}

const text = (name: string) => ({ name, type: 'Edm.String', searchable: true, filterable: false, retrievable: true });
const keyword = (name: string, key = false) => ({
  name,
  type: 'Edm.String',
  key,
  searchable: false,
  filterable: true,
  retrievable: true,
});

/** The index definition (`PUT /indexes/{name}`); `infra/modules/search.bicep` creates only the service. */
export function indexDefinition(name: string) {
  return {
    name,
    fields: [
      // The key is searchable too: ACME-12 is found by typing it (the standard analyzer: `acme`, `12`).
      { ...keyword('ticketId', true), searchable: true },
      keyword('clientId'),
      keyword('reporter'),
      keyword('status'),
      { name: 'number', type: 'Edm.Int32', filterable: true, retrievable: true },
      { name: 'revision', type: 'Edm.Int32', filterable: false, retrievable: true },
      text('title'),
      text('description'),
      text('comments'),
      text('resolution'),
      text('internal'),
    ],
    scoringProfiles: [{ name: 'weighted', text: { weights: { ticketId: 4, title: 2 } } }],
  };
}
