import { api } from './api';

/** The ticket as `GET /api/tickets/{id}` shows it (docs/product-spec.md §2), with the fields the pages read. */
export type ClockStatus = 'running' | 'paused' | 'met' | 'breached' | 'not-applicable';
export type TicketStatus =
  'new' | 'in-progress' | 'awaiting-approval' | 'waiting-on-client' | 'waiting-on-vendor' | 'resolved' | 'closed';

export interface Clock {
  readonly target: string | null;
  readonly dueAt: string | null;
  readonly status: ClockStatus;
  readonly remaining?: string;
  readonly fraction?: number;
  readonly stoppedAt?: string;
}

export interface Ticket {
  readonly id: string;
  readonly clientId: string;
  readonly title: string;
  readonly description: string;
  readonly severity: string;
  readonly type: 'defect' | 'question' | 'enhancement';
  readonly status: TicketStatus;
  readonly tier: string;
  readonly reporter: string;
  readonly receivedAt: string;
  readonly assignee?: string;
  readonly channel?: string;
  readonly quote?: { readonly hours: number; readonly note?: string };
  readonly approval?: { readonly decision: string; readonly by: string; readonly at: string };
  readonly assessment?: { readonly estimateHours?: number; readonly timeframe?: string; readonly note?: string };
  readonly resolution?: {
    readonly cause: string;
    readonly workaround?: string;
    readonly fix?: string;
    readonly hotfixReference?: string;
  };
  readonly vendorReference?: string;
  readonly schedule?: {
    readonly items: readonly { readonly what: string; readonly by: string }[];
    readonly status: 'proposed' | 'accepted' | 'queried';
    readonly remark?: string;
  };
  readonly diagnosis?: { readonly cause: string; readonly workaround?: string; readonly estimateHours?: number };
  readonly origin?: {
    readonly kind: string;
    readonly source: string;
    readonly dedupKey: string;
    readonly occurrences: number;
  };
  readonly sla: { readonly assess: Clock; readonly resolve: Clock };
  /** The agreement version the ticket was received under, and is judged by. */
  readonly agreementVersion: number;
}

export interface TicketPage {
  readonly items: readonly Ticket[];
  readonly nextCursor?: string;
}

export interface TimelineEvent {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** `GET /api/clients/{id}/severities`: what the form and the ticket page need to know of the client. */
export interface ClientForm {
  readonly clientId: string;
  readonly name: string;
  readonly timezone: string;
  /** The agreement version shown: the current one, or the one asked for with `?agreementVersion=`. */
  readonly agreementVersion: number;
  readonly severities: readonly {
    readonly id: string;
    readonly name: string;
    readonly description: string;
    readonly covered: boolean;
  }[];
}

/** The severities (and time zone) of the agreement a ticket was received under: its own may since have been dropped. */
export const ticketSeveritiesPath = (ticket: Pick<Ticket, 'clientId' | 'agreementVersion'>): string =>
  `/api/clients/${encodeURIComponent(ticket.clientId)}/severities?agreementVersion=${ticket.agreementVersion}`;

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
    .map((c) => c.dueAt as string)
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
      .map((c) => c.dueAt as string)
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

/** Mirrors the server's lifecycle rules (src/domain/tickets/state-machine.ts): which buttons to show. */
export const staffActionsFrom: Readonly<Record<string, readonly TicketStatus[]>> = {
  assess: ['new'],
  assign: openStatuses,
  'wait-client': ['in-progress'],
  'wait-vendor': ['in-progress'],
  resume: ['waiting-on-client', 'waiting-on-vendor'],
  escalate: ['new', 'in-progress', 'waiting-on-client', 'waiting-on-vendor'],
  resolve: ['in-progress', 'waiting-on-client', 'waiting-on-vendor'],
  close: openStatuses,
  'log-time': [...openStatuses, 'closed'],
  diagnose: ['new', 'awaiting-approval', 'in-progress', 'waiting-on-client', 'waiting-on-vendor'],
  'propose-schedule': ['new', 'awaiting-approval', 'in-progress', 'waiting-on-client', 'waiting-on-vendor'],
};

/**
 * A ticket's whole timeline, page by page (`limit`, `cursor`): the API answers at most 500 events a
 * request, so a long conversation costs a few bounded requests instead of one unbounded one.
 */
export async function loadTimeline(ticketId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let cursor: string | undefined;
  do {
    const query = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api<{ items: TimelineEvent[]; nextCursor?: string }>(
      'GET',
      `/api/tickets/${encodeURIComponent(ticketId)}/timeline${query}`,
    );
    events.push(...page.data.items);
    cursor = page.data.nextCursor;
  } while (cursor);
  return events;
}
