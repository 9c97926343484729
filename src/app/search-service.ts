import type { TicketStatus } from '../domain/agreement/ticket-status';
import { DomainError } from '../domain/domain-error';
import type { CloudEvent } from '../domain/events/cloud-event';
import { searchDocumentOf, searchIndexFormat, searchWords, type Snippet } from '../domain/search/search-document';
import { parseTicketId } from '../domain/tickets/ticket';
import type { ClientStore } from '../ports/client-store';
import type { SearchIndex, SearchScope } from '../ports/search-index';
import type { TicketStore } from '../ports/ticket-store';
import { isStaff, principalClients, type Principal } from './principal';
import { readableReporter } from './ticket-access';

export interface SearchQuery {
  readonly q: string;
  readonly clientId?: string;
  readonly status?: readonly TicketStatus[];
  readonly offset?: number;
  readonly limit?: number;
}

export interface SearchItem {
  readonly ticketId: string;
  readonly clientId: string;
  readonly title: string;
  readonly status: TicketStatus;
  readonly snippet: string;
  readonly highlights: Snippet['highlights'];
}

export interface SearchPage {
  readonly items: readonly SearchItem[];
  /** Offset of the next page, when there is one. */
  readonly next?: number;
}

/** How deep a caller may page (Azure AI Search answers `$skip` up to 100,000; nobody reads 50 pages). */
export const maxSearchOffset = 1000;

/**
 * Ticket search (docs/product-spec.md §11): who finds what, keeping the index in step with the tables, and rebuilding it
 * when it is lost or its format changes. Visibility is the ticket API's own (`readableReporter`): staff
 * search every client and internal notes; a client key and an approver their client; a requester the
 * tickets they raised. Contacts and keys never match or see internal text.
 */
export class SearchService {
  #rebuilding: Promise<number> | undefined;

  constructor(
    private readonly index: SearchIndex,
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  async search(principal: Principal, query: SearchQuery): Promise<SearchPage> {
    if (principal.kind === 'client-key' && !principal.scopes.includes('tickets:read'))
      throw new DomainError('forbidden', 'This key lacks the tickets:read scope.');
    if (searchWords(query.q).length === 0)
      throw new DomainError('invalid', 'Type at least one word or ticket number.', 'q');
    const confined = principalClients(principal);
    if (query.clientId && confined && !confined.includes(query.clientId))
      throw new DomainError('not-found', `No client ${query.clientId}.`);
    const clientIds = query.clientId ? [query.clientId] : confined;
    let scopes: SearchScope[] | undefined;
    if (clientIds) {
      scopes = [];
      for (const clientId of clientIds) {
        const own = readableReporter(principal, clientId);
        if (own === null) continue;
        scopes.push({ clientId, ...(own !== undefined ? { reporter: own } : {}) });
      }
      if (scopes.length === 0) return { items: [] };
    }
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 20;
    const result = await this.index.search({
      text: query.q,
      scopes,
      ...(query.status ? { statuses: query.status } : {}),
      includeInternal: isStaff(principal),
      offset,
      limit,
    });
    const items = result.hits.map((h) => ({
      ticketId: h.ticketId,
      clientId: h.clientId,
      title: h.title,
      status: h.status,
      snippet: h.snippet.text,
      highlights: h.snippet.highlights,
    }));
    const next = offset + limit;
    return { items, ...(result.more && next <= maxSearchOffset ? { next } : {}) };
  }

  /**
   * Indexes the ticket an event is about, as it is in the tables now (not as the event says): events may
   * arrive twice or out of order, and the document's `revision` keeps an older read from replacing a newer.
   * Throws when the tables or the index fail, so the topic delivers the event again.
   */
  async indexEvent(event: CloudEvent): Promise<void> {
    await this.indexEvents([event]);
  }

  /**
   * A batch of events: each ticket they name is read once (however many of its events the batch holds)
   * and the documents go to the index in one write.
   */
  async indexEvents(events: readonly CloudEvent[]): Promise<void> {
    const named = new Map<string, { clientId: string; ticketId: string }>();
    for (const event of events)
      if (event.type.startsWith('ticket.'))
        named.set(`${event.clientid}|${event.subject}`, { clientId: event.clientid, ticketId: event.subject });
    const documents = await Promise.all([...named.values()].map((t) => this.#document(t.clientId, t.ticketId)));
    const found = documents.filter((d) => d !== undefined);
    if (found.length > 0) await this.index.upsert(found);
  }

  async indexTicket(clientId: string, ticketId: string): Promise<void> {
    const document = await this.#document(clientId, ticketId);
    if (document) await this.index.upsert([document]);
  }

  async #document(clientId: string, ticketId: string) {
    const id = parseTicketId(ticketId);
    if (!id) return undefined;
    const stored = await this.tickets.get(clientId, id.number);
    if (!stored) return undefined;
    // A ticket with one event has only its creation, which adds no text beyond the ticket's own: the
    // timeline is read for comments and handover notes, so a new ticket costs one read, not three.
    const timeline = stored.ticket.eventCount > 1 ? await this.tickets.timeline(clientId, id.number) : [];
    return searchDocumentOf(stored.ticket, timeline);
  }

  /** Rebuilds the index when it is missing, of another format, or a rebuild did not finish; else nothing. */
  async rebuildIfNeeded(): Promise<boolean> {
    const state = await this.index.state();
    if (state && state.format === searchIndexFormat && state.complete) return false;
    this.log(
      state
        ? `search index: format ${state.format}${state.complete ? '' : ', incomplete'}; rebuilding from the tables`
        : 'search index: none; building it from the tables',
    );
    await this.rebuild();
    return true;
  }

  /** Recreates the index from every client's tickets; one rebuild at a time per process. */
  rebuild(): Promise<number> {
    this.#rebuilding ??= this.#rebuild().finally(() => (this.#rebuilding = undefined));
    return this.#rebuilding;
  }

  async #rebuild(): Promise<number> {
    await this.index.reset();
    let count = 0;
    for (const clientId of await this.clients.listClientIds()) {
      const tickets = await this.tickets.list({ clientId });
      const batch = [];
      for (const ticket of tickets) {
        batch.push(searchDocumentOf(ticket, await this.tickets.timeline(clientId, ticket.number)));
        if (batch.length === 500) {
          await this.index.upsert(batch.splice(0));
        }
      }
      if (batch.length > 0) await this.index.upsert(batch);
      count += tickets.length;
    }
    await this.index.markComplete();
    this.log(`search index: ${count} tickets indexed`);
    return count;
  }
}
