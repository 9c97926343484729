import type { MaintenanceItem, MaintenanceSchedule } from '../api/types';
import { formatInZone } from '../lib/format';
import { ruleInWords } from '../lib/rule-words';

export const holidayPolicyLabels: Readonly<Record<MaintenanceSchedule['onHoliday'], string>> = {
  keep: 'Keep it on the holiday',
  skip: 'Skip it',
  'next-working-day': 'Move it to the next working day',
};

// A Record over the API's union: a status the server adds fails the typecheck until it is labelled here.
export const itemStatusLabels: Readonly<Record<MaintenanceItem['status'], string>> = {
  proposed: 'Proposed',
  planned: 'Planned',
  done: 'Done',
  dropped: 'Dropped',
};

/** One schedule: its rule in words, and its next occurrences and missed ones in the client's timezone. */
export function ScheduleSummary({
  schedule,
  ticketHref,
}: {
  readonly schedule: MaintenanceSchedule;
  /** Links the tickets it raised (the console); the portal leaves them out. */
  readonly ticketHref?: (ticketId: string) => string;
}) {
  const s = schedule;
  const tz = s.timezone;
  const nextId = `next-${s.id}`;
  const missedId = `missed-${s.id}`;
  return (
    <>
      <p>
        {ruleInWords(s.rrule)}, from {s.start.replace('T', ' ')} ({tz})
        {s.leadDays > 0 ? ` · raised ${s.leadDays} day${s.leadDays === 1 ? '' : 's'} ahead` : ' · raised on the day'} ·
        on holidays: {holidayPolicyLabels[s.onHoliday].toLowerCase()} ·{' '}
        <strong>{s.active ? 'Active' : 'Paused'}</strong>
      </p>
      {s.checklist.length > 0 ? (
        <details>
          <summary>Checklist ({s.checklist.length})</summary>
          <ul>
            {s.checklist.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <h4 id={nextId}>Next occurrences of {s.title}</h4>
      {s.next.length > 0 ? (
        <ol aria-labelledby={nextId}>
          {s.next.map((at) => (
            <li key={at}>
              <time dateTime={at}>{formatInZone(at, tz)}</time>
            </li>
          ))}
        </ol>
      ) : (
        <p>{s.active ? 'None to come.' : 'None while paused.'}</p>
      )}
      {s.missed.length > 0 ? (
        <>
          <h4 id={missedId}>Missed occurrences of {s.title}</h4>
          <p class="hint">Passed while nothing could raise them (an outage); they were never raised.</p>
          <ul aria-labelledby={missedId}>
            {s.missed.map((at) => (
              <li key={at}>
                <time dateTime={at}>{formatInZone(at, tz)}</time>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {ticketHref && s.raised.length > 0 ? (
        <p>
          Raised:{' '}
          {s.raised.map((r, i) => (
            <span key={r.ticketId}>
              {i > 0 ? ', ' : ''}
              <a href={ticketHref(r.ticketId)}>
                {r.ticketId} ({r.occurrence})
              </a>
            </span>
          ))}
        </p>
      ) : null}
    </>
  );
}

/** The backlog as a table; `ticketHref` links an item's source ticket. */
export function ItemsTable({
  items,
  ticketHref,
}: {
  readonly items: readonly MaintenanceItem[];
  readonly ticketHref: (ticketId: string) => string;
}) {
  if (items.length === 0) return <p>No items in the backlog.</p>;
  return (
    <table>
      <caption>Maintenance items</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Status</th>
          <th scope="col">Estimate</th>
          <th scope="col">Billing</th>
          <th scope="col">From ticket</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <th scope="row">
              {item.title}
              {item.description ? <div class="hint description">{item.description}</div> : null}
            </th>
            <td>{itemStatusLabels[item.status]}</td>
            <td>{item.estimateHours === undefined ? '—' : `${item.estimateHours} h`}</td>
            <td>{item.billing === 'quote' ? 'Quoted' : 'Hour bank'}</td>
            <td>{item.sourceTicketId ? <a href={ticketHref(item.sourceTicketId)}>{item.sourceTicketId}</a> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
