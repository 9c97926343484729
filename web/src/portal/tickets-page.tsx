import { useState } from 'preact/hooks';
import { ErrorBox } from '../components/field';
import { Layout } from '../components/layout';
import { SearchBox } from '../components/search-box';
import { SlaBadge } from '../components/sla';
import { useLoad } from '../components/use-load';
import { api } from '../lib/api';
import { formatInZone } from '../lib/format';
import { nextDue, slaState, statusLabel, type ClientForm, type TicketPage } from '../lib/tickets';
import { useClientChoice } from './use-client-choice';

/** `/portal`: a requester's own tickets, or all of the client's for an approver; paged. */
export default function TicketsPage() {
  const { clientId, chooser } = useClientChoice(['requester', 'approver']);
  const [cursors, setCursors] = useState<string[]>([]);
  const [includeClosed, setIncludeClosed] = useState(false);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(async () => {
    const query = new URLSearchParams({ clientId, limit: '25' });
    if (includeClosed)
      for (const s of [
        'new',
        'in-progress',
        'awaiting-approval',
        'waiting-on-client',
        'waiting-on-vendor',
        'resolved',
        'closed',
      ])
        query.append('status', s);
    if (cursor) query.set('cursor', cursor);
    const [tickets, client] = await Promise.all([
      api<TicketPage>('GET', `/api/tickets?${query.toString()}`),
      api<ClientForm>('GET', `/api/clients/${encodeURIComponent(clientId)}/severities`).catch(() => undefined),
    ]);
    return { ...tickets.data, timeZone: client?.data.timezone };
  }, [clientId, cursor, includeClosed]);

  return (
    <Layout title="My tickets">
      <p>
        <a class="button" href={`/portal/new${clientId ? `?client=${encodeURIComponent(clientId)}` : ''}`}>
          Raise a ticket
        </a>
      </p>
      {chooser}
      <SearchBox clientId={clientId} ticketHref={(id) => `/portal/tickets/${encodeURIComponent(id)}`} />
      <label class="inline">
        <input
          type="checkbox"
          checked={includeClosed}
          onChange={(e) => {
            setIncludeClosed(e.currentTarget.checked);
            setCursors([]);
          }}
        />{' '}
        Include closed tickets
      </label>
      <ErrorBox message={page.error} />
      {page.value ? (
        page.value.items.length === 0 ? (
          <p>No tickets yet.</p>
        ) : (
          <table>
            <caption>Tickets of {clientId}</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col">SLA</th>
                <th scope="col">Next due</th>
              </tr>
            </thead>
            <tbody>
              {page.value.items.map((t) => (
                <tr key={t.id}>
                  <td>
                    <a href={`/portal/tickets/${encodeURIComponent(t.id)}`}>{t.id}</a>
                  </td>
                  <td>{t.title}</td>
                  <td>{statusLabel[t.status]}</td>
                  <td>
                    <SlaBadge status={slaState(t)} />
                  </td>
                  <td>{formatInZone(nextDue(t), page.value?.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : !page.error ? (
        <p role="status">Loading tickets…</p>
      ) : null}
      <div class="pager">
        {cursors.length > 0 ? (
          <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous page
          </button>
        ) : null}
        {page.value?.nextCursor ? (
          <button type="button" onClick={() => setCursors([...cursors, page.value?.nextCursor ?? ''])}>
            Next page
          </button>
        ) : null}
      </div>
    </Layout>
  );
}
