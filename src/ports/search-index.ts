import type { SearchDocument, Snippet } from '../domain/search/search-document';
import type { TicketStatus } from '../domain/agreement/ticket-status';

/** Tickets a caller may find: every ticket of the client, or only those `reporter` raised. */
export interface SearchScope {
  readonly clientId: string;
  readonly reporter?: string;
}

export interface SearchRequest {
  /** What was typed; each word must match (as a word, a word's prefix, or with one typo). */
  readonly text: string;
  /** `undefined`: every client (staff). An empty list finds nothing. */
  readonly scopes: readonly SearchScope[] | undefined;
  readonly statuses?: readonly TicketStatus[];
  /** Whether internal notes are matched and may give the snippet: the support team only. */
  readonly includeInternal: boolean;
  readonly offset: number;
  readonly limit: number;
}

export interface SearchHit {
  readonly ticketId: string;
  readonly clientId: string;
  readonly title: string;
  readonly status: TicketStatus;
  readonly snippet: Snippet;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** Whether more hits follow this page. */
  readonly more: boolean;
}

/** What an index says of itself; `undefined` from `state()` when there is none (lost, never built). */
export interface SearchIndexState {
  /** The document format it was written in (`searchIndexFormat`). */
  readonly format: number;
  /** Whether the last rebuild finished; an index that is not complete is rebuilt. */
  readonly complete: boolean;
  readonly documents: number;
}

/**
 * A full-text index of tickets (docs/product-spec.md §11): the embedded engine (MiniSearch, persisted to a folder) and
 * Azure AI Search implement it; `test/ports/search-index.test.ts` runs one contract against both.
 */
export interface SearchIndex {
  /** Adds or replaces documents; a document older (`revision`) than the one held is ignored. */
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchResult>;
  state(): Promise<SearchIndexState | undefined>;
  /** Empties the index (or creates it) in the current format, not complete until `markComplete`. */
  reset(): Promise<void>;
  markComplete(): Promise<void>;
}
