import { useState } from 'preact/hooks';
import { call, client, messageOf } from '../api/client';
import type { ResponseOf } from '../api/types';
import { statusLabel } from '../lib/tickets';
import { ErrorBox } from './field';

/** A hit of `GET /api/search` (types generated from the OpenAPI document). */
type SearchHit = ResponseOf<'search-tickets', 200>['items'][number];

/**
 * A ticket search (docs/product-spec.md §11) for the console (every client) and the portal (the contact's tickets):
 * a labelled search landmark, results as a list of links to the tickets, the count announced politely,
 * and "More results" while the API has another page. Snippets are shown as text with the matched words
 * in <mark>: they come from mail and forms and are never markup.
 */
export function SearchBox({
  ticketHref,
  clientId,
}: {
  /** Where a hit links to: `/console/tickets/…` or `/portal/tickets/…`. */
  readonly ticketHref: (ticketId: string) => string;
  /** Only this client's tickets (the portal's chosen client). */
  readonly clientId?: string;
}) {
  const [query, setQuery] = useState('');
  const [asked, setAsked] = useState<string>();
  const [hits, setHits] = useState<readonly SearchHit[]>();
  const [next, setNext] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function load(q: string, cursor?: string) {
    setBusy(true);
    setError(undefined);
    try {
      const query = { q, ...(clientId ? { clientId } : {}), ...(cursor ? { cursor } : {}) };
      const page = (await call(client.GET('/api/search', { params: { query } }))).data;
      setHits((before) => (cursor && before ? [...before, ...page.items] : page.items));
      setNext(page.nextCursor);
      setAsked(q);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="search">
      <form
        role="search"
        aria-label="Tickets"
        onSubmit={(e) => {
          e.preventDefault();
          const q = query.trim();
          if (q) void load(q);
        }}
      >
        <label for="ticket-search">Search tickets</label>{' '}
        <input
          id="ticket-search"
          type="search"
          value={query}
          maxLength={200}
          placeholder="Words, or a ticket number"
          onInput={(e) => setQuery(e.currentTarget.value)}
        />{' '}
        <button type="submit" disabled={busy}>
          Search
        </button>
      </form>
      <ErrorBox message={error} />
      <p role="status" aria-live="polite">
        {asked !== undefined && hits
          ? hits.length === 0
            ? `No tickets match “${asked}”.`
            : `${hits.length}${next ? '+' : ''} ticket${hits.length === 1 ? '' : 's'} match “${asked}”.`
          : ''}
      </p>
      {hits && hits.length > 0 ? (
        <>
          <h2>Search results</h2>
          <ol class="search-results">
            {hits.map((hit) => (
              <li key={hit.ticketId}>
                <a href={ticketHref(hit.ticketId)}>
                  {hit.ticketId}: {hit.title}
                </a>{' '}
                <span class="status">{statusLabel[hit.status] ?? hit.status}</span>
                <p class="snippet">
                  <Marked text={hit.snippet} highlights={hit.highlights} />
                </p>
              </li>
            ))}
          </ol>
          {next ? (
            <button type="button" disabled={busy} onClick={() => void load(asked as string, next)}>
              More results
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The snippet as text nodes, each highlighted range in <mark>. */
function Marked({ text, highlights }: { readonly text: string; readonly highlights: SearchHit['highlights'] }) {
  const parts = [];
  let at = 0;
  for (const h of highlights) {
    if (h.start < at || h.end > text.length) continue;
    parts.push(text.slice(at, h.start), <mark key={h.start}>{text.slice(h.start, h.end)}</mark>);
    at = h.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}
