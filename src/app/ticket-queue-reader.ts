import { eachAtMost } from './each-at-most';
import type { Client } from '../domain/clients/client';
import type { TicketStatus } from '../domain/agreement/agreement';
import type { Ticket } from '../domain/tickets/ticket';
import { compareQueueEntries, queueRanges, type QueueEntry } from '../domain/tickets/ticket-queue';
import type { ClientStore } from '../ports/client-store';
import { VersionConflictError, type QueueRow, type TicketStore } from '../ports/ticket-store';
import { queuePositionOf } from './ticket-view';
import { ticketTerms } from './agreement-terms';

/** One client's part of a queue read, with the reporter its reader is confined to (a requester: themself). */
export interface QueueScope {
  readonly clientId: string;
  readonly reporter?: string;
}

export interface QueuePageRequest {
  readonly scopes: readonly QueueScope[];
  /** Undefined: every open status. */
  readonly statuses?: readonly TicketStatus[];
  readonly assignee?: string;
  readonly limit: number;
  /** The last entry of the previous page: this page starts strictly after it. */
  readonly after?: QueueEntry;
}

export interface QueuePage {
  readonly tickets: readonly Ticket[];
  /** Where the next page starts; undefined on the last page. */
  readonly next?: QueueEntry;
}

/** How many index reads or ticket reads a page keeps in flight at once. */
const parallelReads = 16;

/**
 * Reads a page of the queue from the index rows (docs/ticket-queue.md): each client's ranges are read
 * after the cursor, at most `limit + 1` rows each, and merged in queue order (a k-way merge of sorted
 * runs); each row carries its ticket as committed with it (no point reads). The cursor is a position, not an offset, so a ticket
 * that does not change while someone pages appears exactly once; one that moves is shown where it is
 * found, or not at all if it no longer matches.
 */
export class TicketQueueReader {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
  ) {}

  async page(request: QueuePageRequest, matches: (ticket: Ticket) => boolean): Promise<QueuePage> {
    const { after, limit } = request;
    await inParallel(request.scopes, (scope) => this.ensureIndexed(scope.clientId));
    const ranges = queueRanges(request.statuses);
    const reads = request.scopes.flatMap((scope) => ranges.map((range) => ({ scope, range })));
    const runs = await inParallel(reads, ({ scope, range }) =>
      this.tickets.queue({
        clientId: scope.clientId,
        range,
        // Entries order by position, then client: at the cursor's own position only later clients remain.
        ...(after ? { after: { position: after.position, inclusive: scope.clientId > after.clientId } } : {}),
        ...(request.assignee !== undefined ? { assignee: request.assignee } : {}),
        ...(scope.reporter !== undefined ? { reporter: scope.reporter } : {}),
        limit: limit + 1,
      }),
    );
    const merged = mergeRuns(runs, limit + 1);
    const rows = merged.slice(0, limit);
    const last = rows[rows.length - 1];
    // The row carries the ticket as committed with it; a row written without a copy: read the ticket.
    const found = await inParallel(
      rows,
      async (row) => row.ticket ?? (await this.tickets.get(row.clientId, row.number))?.ticket,
    );
    const wanted = new Set<TicketStatus>(request.statuses ?? []);
    const tickets = found.filter(
      (t): t is Ticket => t !== undefined && (wanted.size === 0 || wanted.has(t.status)) && matches(t),
    );
    return {
      tickets,
      ...(merged.length > limit && last ? { next: { position: last.position, clientId: last.clientId } } : {}),
    };
  }

  /**
   * The one-off migration of a client's tickets written before the index: on the first read of a
   * partition whose marker is missing, every ticket without a queue row gets one, written with the
   * ticket under its version (a concurrent change that wins has written the row itself), then the
   * marker. Later reads cost one point read per process, then nothing.
   */
  async ensureIndexed(clientId: string): Promise<void> {
    if (await this.tickets.queueIndexed(clientId)) return;
    const client: Client | undefined = await this.clients.getClient(clientId);
    if (!client) return;
    const pending = await this.tickets.unindexed(clientId);
    await inParallel(pending, async (stored) => {
      try {
        await this.tickets.index(
          stored,
          queuePositionOf(stored.ticket, await ticketTerms(this.clients, client, stored.ticket)),
        );
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    });
    await this.tickets.markQueueIndexed(clientId);
  }
}

/** The first `count` rows of sorted runs, in queue order. */
export function mergeRuns(runs: readonly (readonly QueueRow[])[], count: number): QueueRow[] {
  const heads = runs.map(() => 0);
  const out: QueueRow[] = [];
  while (out.length < count) {
    let best = -1;
    for (let i = 0; i < runs.length; i++) {
      const candidate = runs[i]?.[heads[i] ?? 0];
      const current = best >= 0 ? runs[best]?.[heads[best] ?? 0] : undefined;
      if (candidate && (!current || compareQueueEntries(candidate, current) < 0)) best = i;
    }
    if (best < 0) break;
    out.push(runs[best]?.[heads[best] ?? 0] as QueueRow);
    heads[best] = (heads[best] ?? 0) + 1;
  }
  return out;
}

async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  await eachAtMost(items, parallelReads, async (item, i) => {
    results[i] = await work(item);
  });
  return results;
}
