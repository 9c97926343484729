import { useState } from 'preact/hooks';
import { ErrorBox } from '../components/field';
import { Layout } from '../components/layout';
import { SlaBadge } from '../components/sla';
import { useLoad } from '../components/use-load';
import { call, client } from '../api/client';
import { formatInZone } from '../lib/format';
import { nextDue, openStatuses, slaState, statusLabel } from '../lib/tickets';
import { useClientChoice } from './use-client-choice';

/** `/portal`: a requester's own tickets, or all of the client's for an approver; paged. */
export default function TicketsPage() {
  const { clientId, chooser } = useClientChoice(['requester', 'approver']);
  const [cursors, setCursors] = useState<string[]>([]);
  const [includeClosed, setIncludeClosed] = useState(false);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(async () => {
    const query = {
      clientId,
      limit: 25,
      ...(includeClosed ? { status: [...openStatuses, 'closed' as const] } : {}),
      ...(cursor ? { cursor } : {}),
    };
    const [tickets, form] = await Promise.all([
      call(client.GET('/api/tickets', { params: { query } })),
      call(client.GET('/api/clients/{clientId}/severities', { params: { path: { clientId } } })).catch(() => undefined),
    ]);
    return { ...tickets.data, timeZone: form?.data.timezone };
  }, [clientId, cursor, includeClosed]);

  return (
    <Layout title="My tickets">
      <p>
        <a class="button" href={`/portal/new${clientId ? `?client=${encodeURIComponent(clientId)}` : ''}`}>
          Raise a ticket
        </a>
      </p>
      {chooser}
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
