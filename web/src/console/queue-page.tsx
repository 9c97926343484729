import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox } from '../components/field';
import { Layout } from '../components/layout';
import { SearchBox } from '../components/search-box';
import { Countdown, followServerClock, SlaBadge, startTicking } from '../components/sla';
import { call, client as api, messageOf } from '../api/client';
import type { Ticket, TicketStatus } from '../api/types';
import { location, navigate } from '../lib/router';
import { nextDue, openStatuses, queueOrder, slaState, statusLabel } from '../lib/tickets';

/** How often the queue asks for changes: a new ticket shows up within this without a reload. */
const pollMs = 10_000;
/** The queue reads at most this many tickets (pages of 200), then says there are more. */
const maxTickets = 1000;

type ShowFilter = 'all' | 'mine' | 'unassigned';

/**
 * `/console`: open tickets across clients, in the API's order — breached first, then soonest due —
 * with a ticking countdown per row. Filters live in the address (`?show=&client=&status=`), so a
 * filtered queue can be bookmarked.
 */
export default function QueuePage() {
  const search = location.value.search;
  const show = (search.get('show') as ShowFilter | null) ?? 'all';
  const client = search.get('client') ?? '';
  const status: TicketStatus | '' = [...openStatuses, 'closed' as const].find((s) => s === search.get('status')) ?? '';
  const [tickets, setTickets] = useState<readonly Ticket[]>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string>();
  const [updatedAt, setUpdatedAt] = useState<Date>();

  useEffect(() => startTicking(), []);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    async function refresh() {
      try {
        const { items, truncated } = await loadQueue(show, client, status);
        if (stopped) return;
        setTickets(items);
        setMore(truncated);
        setError(undefined);
        setUpdatedAt(new Date());
      } catch (caught) {
        if (!stopped) setError(messageOf(caught));
      }
      if (!stopped) timer = window.setTimeout(() => void refresh(), pollMs);
    }
    void refresh();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [show, client, status]);

  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(location.value.search);
    if (value) next.set(name, value);
    else next.delete(name);
    const query = next.toString();
    navigate(`/console${query ? `?${query}` : ''}`, { replace: true });
  }

  const rows = show === 'unassigned' ? tickets?.filter((t) => !t.assignee) : tickets;
  return (
    <Layout title="Queue">
      <SearchBox ticketHref={(id) => `/console/tickets/${encodeURIComponent(id)}`} />
      <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Show</legend>
          {(
            [
              ['all', 'All tickets'],
              ['mine', 'Mine'],
              ['unassigned', 'Unassigned'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} class="inline">
              <input
                type="radio"
                name="show"
                value={value}
                checked={show === value}
                onChange={() => setFilter('show', value === 'all' ? '' : value)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="filter-client">Client</label>
          <input
            id="filter-client"
            value={client}
            placeholder="client id, e.g. acme"
            onChange={(e) => setFilter('client', e.currentTarget.value.trim())}
          />
        </div>
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" onChange={(e) => setFilter('status', e.currentTarget.value)}>
            <option value="" selected={status === ''}>
              Every open status
            </option>
            {[...openStatuses, 'closed' as const].map((s) => (
              <option key={s} value={s} selected={status === s}>
                {statusLabel[s]}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorBox message={error} />
      <p class="hint" aria-live="off">
        {updatedAt ? `Updated ${updatedAt.toLocaleTimeString()}; refreshes every ${pollMs / 1000} s.` : ''}
      </p>
      {rows ? (
        <table class="queue">
          <caption>
            {rows.length} {rows.length === 1 ? 'ticket' : 'tickets'}
            {more ? ` (the first ${maxTickets}; narrow the filters to see the rest)` : ''}, breached first, then soonest
            due
          </caption>
          <thead>
            <tr>
              <th scope="col">Ticket</th>
              <th scope="col">Client</th>
              <th scope="col">Title</th>
              <th scope="col">Severity</th>
              <th scope="col">Status</th>
              <th scope="col">Assignee</th>
              <th scope="col">SLA</th>
              <th scope="col">Due in</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <QueueRow key={t.id} ticket={t} severityName={severityNames.value.get(`${t.clientId}|${t.severity}`)} />
            ))}
          </tbody>
        </table>
      ) : !error ? (
        <p role="status">Loading the queue…</p>
      ) : null}
    </Layout>
  );
}

function QueueRow({ ticket, severityName }: { readonly ticket: Ticket; readonly severityName?: string | undefined }) {
  const state = slaState(ticket);
  return (
    <tr class={`row-${state}`}>
      <td>
        <a href={`/console/tickets/${encodeURIComponent(ticket.id)}`}>{ticket.id}</a>
      </td>
      <td>
        <a href={`/console/clients/${encodeURIComponent(ticket.clientId)}`}>{ticket.clientId}</a>
      </td>
      <td>{ticket.title}</td>
      <td>{severityName ?? ticket.severity}</td>
      <td>{statusLabel[ticket.status]}</td>
      <td>{ticket.assignee ?? 'Unassigned'}</td>
      <td>
        <SlaBadge status={state} />
      </td>
      <td>
        <Countdown dueAt={nextDue(ticket)} />
      </td>
    </tr>
  );
}

async function loadQueue(
  show: ShowFilter,
  client: string,
  status: TicketStatus | '',
): Promise<{ items: Ticket[]; truncated: boolean }> {
  const items: Ticket[] = [];
  let cursor: string | undefined;
  do {
    const query = {
      limit: 200,
      ...(client ? { clientId: client } : {}),
      ...(status ? { status } : {}),
      ...(show === 'mine' ? { assignee: 'me' } : {}),
      ...(cursor ? { cursor } : {}),
    };
    const { data } = await call(api.GET('/api/tickets', { params: { query } }));
    followServerClock(data.asOf);
    items.push(...data.items);
    cursor = data.nextCursor;
  } while (cursor && items.length < maxTickets);
  // The rows are shown with their severities' names, not filled in after: a name arriving later widens
  // its column, titles rewrap, and the links below move under a press. Clients already known cost nothing.
  await learnSeverityNames(items);
  return { items: queueOrder(items), truncated: Boolean(cursor) };
}

/** Severity names by `clientId|severityId`, learnt once per client from its current agreement. */
const severityNames = signal(new Map<string, string>());
const askedClients = new Set<string>();

async function learnSeverityNames(items: readonly Ticket[]): Promise<void> {
  const fresh = [...new Set(items.map((t) => t.clientId))].filter((id) => !askedClients.has(id));
  for (const id of fresh) askedClients.add(id);
  const forms = await Promise.all(
    fresh.map((clientId) =>
      call(api.GET('/api/clients/{clientId}/severities', { params: { path: { clientId } } })).then(
        (r) => [clientId, r.data] as const,
        () => undefined,
      ),
    ),
  );
  const names = new Map(severityNames.value);
  for (const found of forms) {
    if (!found) continue;
    for (const s of found[1].severities) names.set(`${found[0]}|${s.id}`, s.name);
  }
  severityNames.value = names;
}
