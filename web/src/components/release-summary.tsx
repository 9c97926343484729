import type { MaintenanceRelease } from '../api/types';
import { formatInZone } from '../lib/format';

// A Record over the API's union: a status the server adds fails the typecheck until it is labelled here.
export const releaseStatusLabels: Readonly<Record<MaintenanceRelease['status'], string>> = {
  draft: 'Draft',
  proposed: 'Awaiting approval',
  approved: 'Approved',
  queried: 'Queried',
  done: 'Done',
};

/** A local date-time (`2027-01-20T18:00`) as people read it; the client's timezone is named once beside it. */
const local = (value: string) => value.replace('T', ' ');

/** The window (start–end, in the client's timezone). */
export function releaseWindow(release: MaintenanceRelease): string {
  const { start, end } = release.window;
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  return `${local(start)} to ${sameDay ? end.slice(11) : local(end)} (${release.timezone})`;
}

/** One release: window, items, the approvers' answers and, once done, the notes sent. */
export function ReleaseSummary({
  release,
  ticketHref,
}: {
  readonly release: MaintenanceRelease;
  readonly ticketHref: (ticketId: string) => string;
}) {
  const r = release;
  const itemsId = `release-${r.id}-items`;
  return (
    <>
      <p>
        <strong>{releaseStatusLabels[r.status]}</strong> · window {releaseWindow(r)}
        {r.ticketId ? (
          <>
            {' '}
            · ticket <a href={ticketHref(r.ticketId)}>{r.ticketId}</a>
          </>
        ) : null}
      </p>
      <h4 id={itemsId}>Items in {r.title}</h4>
      <ul aria-labelledby={itemsId}>
        {r.items.map((item) => (
          <li key={item.id}>
            {item.title}
            {item.estimateHours === undefined ? '' : ` (${item.estimateHours} h)`}
          </li>
        ))}
      </ul>
      {r.decisions.length > 0 ? (
        <ul class="timeline" aria-label={`Answers to ${r.title}`}>
          {r.decisions.map((d, i) => (
            <li key={i}>
              {d.decision === 'approved' ? 'Approved' : 'Queried'} by {d.by} on {formatInZone(d.at, r.timezone)}
              {d.comment ? `: ${d.comment}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {r.notes ? (
        <details open={r.status === 'done'}>
          <summary>Release notes</summary>
          <p class="description">{r.notes}</p>
        </details>
      ) : null}
    </>
  );
}
