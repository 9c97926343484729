import { call, client } from '../api/client';
import type { ClientForm, ClockStatus, Ticket, TicketStatus, TimelineEvent } from '../api/types';

/**
 * The client's severities (and time zone) under the agreement version a ticket was received under:
 * its own severity may since have been dropped from the current one.
 */
export const loadTicketClient = async (ticket: Pick<Ticket, 'clientId' | 'agreementVersion'>): Promise<ClientForm> =>
  (
    await call(
      client.GET('/api/clients/{clientId}/severities', {
        params: { path: { clientId: ticket.clientId }, query: { agreementVersion: ticket.agreementVersion } },
      }),
    )
  ).data;

export const statusLabel: Readonly<Record<TicketStatus, string>> = {
  new: 'New',
  'in-progress': 'In progress',
  'awaiting-approval': 'Awaiting approval',
  'waiting-on-client': 'Waiting on client',
  'waiting-on-vendor': 'Waiting on vendor',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const openStatuses: readonly TicketStatus[] = [
  'new',
  'in-progress',
  'awaiting-approval',
  'waiting-on-client',
  'waiting-on-vendor',
  'resolved',
];

/** The ticket's SLA state in one word, worst clock first: what a row of a list shows. */
export function slaState(ticket: Ticket): ClockStatus {
  const order: ClockStatus[] = ['breached', 'running', 'paused', 'met', 'not-applicable'];
  const states = [ticket.sla.assess.status, ticket.sla.resolve.status];
  return order.find((s) => states.includes(s)) ?? 'not-applicable';
}

/** The earliest due instant of a clock that can still breach, as the queue orders by. */
export function nextDue(ticket: Ticket): string | undefined {
  return [ticket.sla.assess, ticket.sla.resolve]
    .filter(
      (c) => (c.status === 'running' || c.status === 'paused' || c.status === 'breached') && c.dueAt && !c.stoppedAt,
    )
    .flatMap((c) => (c.dueAt ? [c.dueAt] : []))
    .sort()[0];
}

/**
 * The queue's order (docs/product-spec.md §2 listing), as the server's index keeps it (src/domain/tickets/ticket-queue.ts):
 * breached first, most overdue first; then soonest due; then tickets with no running clock (a clock
 * paused before its due instant has no fixed place yet), oldest first; ties by ticket number, numerically.
 * Applied on the page too, over every page it fetched.
 */
export function queueOrder(tickets: readonly Ticket[]): Ticket[] {
  const due = (t: Ticket) =>
    [t.sla.assess, t.sla.resolve]
      .filter((c) => (c.status === 'running' || c.status === 'breached') && c.dueAt && !c.stoppedAt)
      .flatMap((c) => (c.dueAt ? [c.dueAt] : []))
      .sort()[0];
  const number = (t: Ticket) => Number(/-(\d+)$/.exec(t.id)?.[1] ?? 0);
  const rank = (t: Ticket): [number, string] => {
    const d = due(t);
    return d ? [0, d] : [1, t.receivedAt];
  };
  return tickets
    .map((t) => ({ t, r: rank(t), n: number(t) }))
    .sort(
      (a, b) =>
        a.r[0] - b.r[0] || a.r[1].localeCompare(b.r[1]) || a.n - b.n || a.t.clientId.localeCompare(b.t.clientId),
    )
    .map(({ t }) => t);
}

/**
 * A ticket's whole timeline, page by page (`limit`, `cursor`): the API answers at most 500 events a
 * request, so a long conversation costs a few bounded requests instead of one unbounded one.
 */
export async function loadTimeline(ticketId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(
      client.GET('/api/tickets/{ticketId}/timeline', {
        params: { path: { ticketId }, query: { limit: 500, ...(cursor ? { cursor } : {}) } },
      }),
    );
    events.push(...page.data.items);
    cursor = page.data.nextCursor;
  } while (cursor);
  return events;
}
