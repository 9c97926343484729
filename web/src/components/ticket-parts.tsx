import { useState } from 'preact/hooks';
import { formatDuration, formatInZone } from '../lib/format';
import type { Ticket, TimelineEvent } from '../api/types';
import { eventLabel } from '../lib/event-labels';
import { statusLabel } from '../lib/tickets';
import { SlaBadge } from './sla';

/** The facts of a ticket as a description list. */
export function TicketFacts({
  ticket,
  timeZone,
  severityName,
}: {
  readonly ticket: Ticket;
  readonly timeZone: string | undefined;
  /** The agreement's name for the ticket's severity (`Category 2`), when the client's form is loaded. */
  readonly severityName?: string | undefined;
}) {
  return (
    <dl class="facts">
      <dt>Status</dt>
      <dd>{statusLabel[ticket.status]}</dd>
      <dt>Severity</dt>
      <dd>{severityName ?? ticket.severity}</dd>
      <dt>Type</dt>
      <dd>{ticket.type}</dd>
      <dt>Tier</dt>
      <dd>{ticket.tier}</dd>
      <dt>Raised by</dt>
      <dd>{ticket.reporter}</dd>
      <dt>Received</dt>
      <dd>{formatInZone(ticket.receivedAt, timeZone)}</dd>
      {ticket.assignee ? (
        <>
          <dt>Assigned to</dt>
          <dd>{ticket.assignee}</dd>
        </>
      ) : null}
      {ticket.quote ? (
        <>
          <dt>Quote</dt>
          <dd>
            {ticket.quote.hours} h{ticket.quote.note ? ` — ${ticket.quote.note}` : ''}
          </dd>
        </>
      ) : null}
      {ticket.vendorReference ? (
        <>
          <dt>Vendor reference</dt>
          <dd>{ticket.vendorReference}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** Both SLA clocks: target, due instant in the client's timezone, state. */
export function SlaTable({ ticket, timeZone }: { readonly ticket: Ticket; readonly timeZone: string | undefined }) {
  const rows = [
    ['Assess', ticket.sla.assess],
    ['Resolve', ticket.sla.resolve],
  ] as const;
  return (
    <table class="sla">
      <caption>Service level{timeZone ? ` (times in ${timeZone})` : ''}</caption>
      <thead>
        <tr>
          <th scope="col">Clock</th>
          <th scope="col">Target</th>
          <th scope="col">Due</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, clock]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{formatDuration(clock.target)}</td>
            <td>{clock.status === 'not-applicable' ? 'Not covered' : formatInZone(clock.dueAt, timeZone)}</td>
            <td>
              <SlaBadge status={clock.status} />
              {clock.stoppedAt ? ` (stopped ${formatInZone(clock.stoppedAt, timeZone)})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What an event says, in words: the fields a person wrote (notes, causes, comments). */
function eventText(event: TimelineEvent): string {
  const d = event.data;
  const parts: string[] = [];
  for (const key of [
    'text',
    'note',
    'reason',
    'cause',
    'workaround',
    'fix',
    'handoverNote',
    'vendorReference',
    'to',
    'mode',
    'clock',
    'hours',
    'tier',
    'severity',
    'status',
    'remark',
  ]) {
    const value = d[key];
    if (typeof value === 'string' || typeof value === 'number')
      parts.push(`${key === 'text' ? '' : `${key}: `}${value}`);
  }
  return parts.join(' · ');
}

export function Timeline({
  events,
  timeZone,
}: {
  readonly events: readonly TimelineEvent[];
  readonly timeZone: string | undefined;
}) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {events.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ol class="timeline">
          {events.map((e) => (
            <li key={e.seq} class={e.data.internal === true ? 'internal' : undefined}>
              <div class="when">{formatInZone(e.at, timeZone)}</div>
              <div>
                <strong>{eventLabel(e.type)}</strong>
                {e.data.internal === true ? <span class="badge internal-badge">Internal</span> : null}{' '}
                <span class="actor">by {e.actor}</span>
              </div>
              <EventWhat event={e} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * What an event says; a comment taken from a mail shows its own words and folds the trailing quoted
 * text (from `quotedFrom`) behind a button, as mail programs do. The whole text is always served and
 * stored; it is only folded here, and shown as text, never as HTML.
 */
function EventWhat({ event }: { readonly event: TimelineEvent }) {
  const [open, setOpen] = useState(false);
  const { text, quotedFrom } = event.data;
  const folds =
    event.type === 'ticket.commented' &&
    typeof text === 'string' &&
    typeof quotedFrom === 'number' &&
    quotedFrom > 0 &&
    quotedFrom < text.length;
  if (!folds) {
    const what = eventText(event);
    return what ? <div class="what">{what}</div> : null;
  }
  const quotedId = `quoted-${event.seq}`;
  return (
    <div class="what">
      <div>{text.slice(0, quotedFrom).trimEnd()}</div>
      <button
        type="button"
        class="link quoted-toggle"
        aria-expanded={open}
        aria-controls={quotedId}
        onClick={() => setOpen(!open)}
      >
        Show quoted text
      </button>
      <div id={quotedId} class="quoted" hidden={!open}>
        {text.slice(quotedFrom)}
      </div>
    </div>
  );
}
