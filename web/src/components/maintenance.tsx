import type { MaintenanceItem, MaintenanceSchedule } from '../api/types';
import { formatInZone } from '../lib/format';

const weekdays: Readonly<Record<string, string>> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ordinals: Readonly<Record<string, string>> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
};

/**
 * The rules the schedule form offers in words (the start's date and time fix the day and hour); any
 * other RFC 5545 rule is entered as it is. The keys are the RRULEs sent to the API.
 */
export const ruleChoices: readonly (readonly [string, string])[] = [
  ['FREQ=DAILY', 'Every day'],
  ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'Every weekday (Monday to Friday)'],
  ['FREQ=WEEKLY', "Every week, on the start's weekday"],
  ['FREQ=MONTHLY', "Every month, on the start's day of the month"],
  ['FREQ=MONTHLY;INTERVAL=3', "Every three months, on the start's day of the month"],
  ['FREQ=YEARLY', "Every year, on the start's date"],
];

/**
 * A schedule's rule as a person says it ("Monthly on the first Tuesday"), for the common forms; any
 * other rule is shown as its RRULE text rather than guessed at.
 */
export function ruleInWords(rrule: string): string {
  const parts = new Map(
    rrule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((p) => p.split('=') as [string, string | undefined])
      .map(([k, v]) => [k.toUpperCase(), (v ?? '').toUpperCase()] as const),
  );
  const freq = parts.get('FREQ');
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const byDay = parts.get('BYDAY');
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY']);
  if ([...parts.keys()].some((k) => !known.has(k)) || !Number.isInteger(interval) || interval < 1) return rrule;
  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[freq ?? ''];
  if (!unit) return rrule;
  const every = interval === 1 ? `Every ${unit}` : `Every ${interval} ${unit}s`;
  if (!byDay) return every;
  const days = byDay.split(',');
  if (unit === 'week' && days.every((d) => weekdays[d])) {
    if (byDay === 'MO,TU,WE,TH,FR' && interval === 1) return 'Every weekday (Monday to Friday)';
    return `${every} on ${days.map((d) => weekdays[d]).join(', ')}`;
  }
  const nth = /^(-?\d)([A-Z]{2})$/.exec(byDay);
  if (unit === 'month' && nth && ordinals[nth[1]!] && weekdays[nth[2]!])
    return `${every} on the ${ordinals[nth[1]!]} ${weekdays[nth[2]!]}`;
  return rrule;
}

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
