import { ErrorBox, StatusBox } from '../components/field';
import { Layout } from '../components/layout';
import { ItemsTable } from '../components/maintenance';
import { ruleInWords } from '../lib/rule-words';
import { useLoad } from '../components/use-load';
import { call, client } from '../api/client';
import { formatInZone } from '../lib/format';
import { useState } from 'preact/hooks';
import { PortalReleases } from './maintenance-releases';
import { useFocusRelease } from '../components/use-focus-release';
import type { PageProps } from '../routes';
import { useClientChoice } from './use-client-choice';

/**
 * `/portal/maintenance` (and `/portal/maintenance/releases/:releaseId`, where e-mails about a release
 * link: the same page, on that release): an approver's view of the client's maintenance plan — the backlog, the
 * releases to approve or query, and the upcoming checks. Requesters are not offered it (and the API
 * refuses them).
 */
export default function PortalMaintenancePage({ params }: PageProps) {
  const { clientId, chooser } = useClientChoice(['approver']);
  const data = useLoad(async () => {
    if (!clientId) return undefined;
    const params = { path: { clientId } };
    const [items, schedules, releases] = await Promise.all([
      call(client.GET('/api/clients/{clientId}/maintenance/items', { params })),
      call(client.GET('/api/clients/{clientId}/maintenance/schedules', { params })),
      call(client.GET('/api/clients/{clientId}/maintenance/releases', { params })),
    ]);
    return { items: items.data.items, schedules: schedules.data.items, releases: releases.data.releases };
  }, [clientId]);
  const [status, setStatus] = useState<string>();
  const v = data.value;
  useFocusRelease(params.releaseId, v !== undefined);
  const upcoming = (v?.schedules ?? [])
    .flatMap((s) => s.next.map((at) => ({ at, schedule: s })))
    .sort((a, b) => a.at.localeCompare(b.at));

  return (
    <Layout title="Maintenance plan">
      {!clientId ? <p>The maintenance plan is shown to a client's approvers.</p> : null}
      {chooser}
      <ErrorBox message={data.error} />
      <StatusBox message={status} />
      {v ? (
        <>
          <PortalReleases
            clientId={clientId}
            releases={v.releases}
            changed={async (message) => {
              setStatus(message);
              await data.reload();
            }}
            reload={data.reload}
          />
          <section aria-labelledby="checks-heading">
            <h2 id="checks-heading">Upcoming checks</h2>
            {upcoming.length === 0 ? (
              <p>No checks scheduled.</p>
            ) : (
              <table>
                <caption>Scheduled checks, soonest first (in your timezone as agreed)</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Check</th>
                    <th scope="col">Repeats</th>
                  </tr>
                </thead>
                <tbody>
                  {upcoming.map(({ at, schedule }) => (
                    <tr key={`${schedule.id}-${at}`}>
                      <td>
                        <time dateTime={at}>{formatInZone(at, schedule.timezone)}</time>
                      </td>
                      <th scope="row">{schedule.title}</th>
                      <td>{ruleInWords(schedule.rrule)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="backlog-heading">
            <h2 id="backlog-heading">Backlog</h2>
            <ItemsTable items={v.items} ticketHref={(id) => `/portal/tickets/${encodeURIComponent(id)}`} />
          </section>
        </>
      ) : clientId && !data.error ? (
        <p role="status">Loading…</p>
      ) : null}
    </Layout>
  );
}
