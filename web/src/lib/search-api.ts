import type { TicketStatus } from './tickets';

/**
 * `GET /api/search` as the pages use it (src/http/operations/search-tickets.ts). Kept in a file of its own
 * so that types generated from the OpenAPI document can replace it.
 */
export interface SearchHit {
  readonly ticketId: string;
  readonly clientId: string;
  readonly title: string;
  readonly status: TicketStatus;
  /** Plain text; `highlights` say where the matched words are. */
  readonly snippet: string;
  readonly highlights: readonly { readonly start: number; readonly end: number }[];
}

export interface SearchPage {
  readonly items: readonly SearchHit[];
  readonly nextCursor?: string;
}
