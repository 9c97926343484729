import type { TicketStatus } from '../agreement/agreement';
import type { SlaTerms } from '../sla/sla-schedule';
import { severityTargets } from '../sla/severity-targets';
import { judgeClock, type ClockName, type ClockRecord } from '../sla/ticket-sla';
import type { Ticket } from './ticket';

/**
 * The ticket queue's order as one sortable string per ticket (its "position"), so a store can keep an
 * index row per ticket and read a page of the queue as a range, however many tickets are closed
 * (docs/ticket-queue.md).
 *
 * Open tickets (every status but `closed`) sort under `o|`:
 * - `o|0|{due}|{n}`: the earliest due instant of a clock that is running (or paused after it breached,
 *   whose due instant can no longer move). ISO-8601 UTC sorts as time, so breached tickets come first,
 *   most overdue first, then the soonest due — no need to know "now".
 * - `o|1|{receivedAt}|{n}`: no running clock (not covered, both stopped, or paused before its due
 *   instant, whose due instant moves as long as it stays paused): oldest first.
 * Ties fall to the ticket number, zero-padded so that text order is numeric order (ACME-2 before ACME-10).
 * Finished-for-good tickets sort under `x|{status}|`, newest first, a range of their own that a page
 * of open tickets never reads.
 */
export type QueuePosition = string;

const pad = (n: number): string => String(n).padStart(10, '0');
const maxNumber = 9_999_999_999;

/** The statuses a queue shows when none is asked for: every status a desk may still act on. */
export const queueOpenStatuses: readonly TicketStatus[] = [
  'new',
  'in-progress',
  'awaiting-approval',
  'waiting-on-client',
  'waiting-on-vendor',
  'resolved',
];

export const isQueueOpen = (status: TicketStatus): boolean => queueOpenStatuses.includes(status);

/** Where the ticket stands in its client's queue, under the terms its clocks run on. */
export function queuePosition(ticket: Ticket, terms: SlaTerms): QueuePosition {
  if (!isQueueOpen(ticket.status)) return `x|${ticket.status}|${pad(maxNumber - ticket.number)}`;
  const due = runningDue(ticket, terms);
  return due === undefined
    ? `o|1|${iso(Date.parse(ticket.receivedAt))}|${pad(ticket.number)}`
    : `o|0|${iso(due)}|${pad(ticket.number)}`;
}

/** The earliest due instant that cannot move any more while the ticket waits: that of a running clock. */
function runningDue(ticket: Ticket, terms: SlaTerms): number | undefined {
  // A maintenance ticket has no clocks; it stands in the queue by when its occurrence falls due.
  if (ticket.maintenance) return Date.parse(ticket.maintenance.dueAt);
  const plan = severityTargets(terms.agreement, terms.timezone, ticket.severity);
  if (!plan) return undefined;
  const dues: number[] = [];
  for (const clock of ['assess', 'resolve'] as const satisfies readonly ClockName[]) {
    const record: ClockRecord = ticket.clocks[clock];
    if (record.stoppedAt !== undefined) continue;
    const open = record.pauses.find((p) => p.to === undefined);
    // An open pause counted as ending where it began: the due instant as it stood when the pause began.
    const closed: ClockRecord = {
      ...record,
      pauses: record.pauses.map((p) => (p.to === undefined ? { from: p.from, to: p.from } : p)),
    };
    const { due } = judgeClock(plan.calendar, plan.targets[clock].millis, closed, Date.parse(record.startedAt), clock);
    // Paused before its due instant: every paused minute moves the due instant, so it has no fixed place yet.
    if (open && due > Date.parse(open.from)) continue;
    dues.push(due);
  }
  return dues.length === 0 ? undefined : Math.min(...dues);
}

/** A ticket's place across clients: position, then client id (two clients' tickets may share a position). */
export interface QueueEntry {
  readonly position: QueuePosition;
  readonly clientId: string;
}

export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
}

/** A half-open range of positions [from, to). */
export interface QueueRange {
  readonly from: QueuePosition;
  readonly to: QueuePosition;
  /** The statuses to keep inside the range; undefined keeps every one. */
  readonly statuses?: readonly TicketStatus[];
}

/**
 * The ranges that hold the given statuses (every open one when none is given): open statuses share one
 * range (filtered by status unless all are asked for), each other status has its own.
 */
export function queueRanges(statuses?: readonly TicketStatus[]): QueueRange[] {
  const wanted = statuses && statuses.length > 0 ? [...new Set(statuses)] : [...queueOpenStatuses];
  const open = wanted.filter(isQueueOpen);
  const ranges: QueueRange[] = [];
  if (open.length > 0)
    ranges.push({ from: 'o|', to: 'o}', ...(open.length < queueOpenStatuses.length ? { statuses: open } : {}) });
  for (const status of wanted.filter((s) => !isQueueOpen(s)).sort())
    ranges.push({ from: `x|${status}|`, to: `x|${status}}` });
  return ranges;
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}
