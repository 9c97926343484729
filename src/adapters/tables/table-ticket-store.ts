import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { emptyHourBank } from '../../domain/hour-bank/hour-bank-ledger';
import type { Ticket } from '../../domain/tickets/ticket';
import type { PendingEvent, TimelineEvent } from '../../domain/tickets/timeline-event';
import {
  ClaimTakenError,
  VersionConflictError,
  type ClaimRecord,
  type CreateTicketCommand,
  type CreateTicketOutcome,
  type HourBankGuard,
  type IdempotencyRecord,
  type IdempotencyWrite,
  type QueueQuery,
  type QueueRow,
  type StoredTicket,
  type TicketClaim,
  type TicketListQuery,
  type TicketStore,
} from '../../ports/ticket-store';
import { fromJsonColumns, toJsonColumns } from './json-columns';
import { rowKeyHash } from './row-key-hash';
import { isStatus } from './table-clients';
import { hourBankGuardAction } from './hour-bank-entities';
import { receiptIndexActions, receiptIndexState, type ReceiptIndexState } from './receipt-index';
import { pendingTimelineEvent, queueActions, queueEntity, ticketEntity, timelineActions } from './ticket-entities';
import { ticketRowKeys as keys } from './ticket-row-keys';
import { submitTransaction } from './table-transaction';

/**
 * A transaction holds at most 100 operations; a create needs ticket + timeline event (an outbox row
 * until published) + queue row + key or claim, and at most one receipt-index row (5), and the group one
 * counter: 1 + 16 × 5 = 81. (Sixteen was set when an event took two rows; more would make the rare
 * large group longer to write without making groups larger in practice.)
 */
export const maxCreatesPerTransaction = 16;

interface PendingCreate {
  readonly command: CreateTicketCommand;
  resolve(outcome: CreateTicketOutcome): void;
  reject(error: unknown): void;
}

interface CounterState extends ReceiptIndexState {
  next: number;
  etag: string | undefined;
}

/**
 * Tickets, timelines and the event outbox in one table, one partition per client.
 *
 * Concurrent creates for a client are group-committed: whoever is waiting when a transaction starts
 * goes into it, numbered consecutively from the counter, which the same transaction advances under
 * its ETag. Another process that got there first makes the transaction fail with 412, and it is
 * retried with a fresh counter, so numbers never repeat or skip.
 */
export class TableTicketStore implements TicketStore {
  readonly #waiting = new Map<string, PendingCreate[]>();
  readonly #flushing = new Set<string>();
  readonly #counters = new Map<string, CounterState>();
  /** Partitions known to have every queue row; once true, always true. */
  readonly #indexed = new Set<string>();

  constructor(private readonly table: TableClient) {}

  async create(command: CreateTicketCommand): Promise<CreateTicketOutcome> {
    if (command.idempotency) {
      const record = await this.#readIdempotency(command.clientId, command.idempotency.key);
      if (record) return { kind: 'replayed', record };
    }
    return new Promise<CreateTicketOutcome>((resolve, reject) => {
      const queue = this.#waiting.get(command.clientId) ?? [];
      queue.push({ command, resolve, reject });
      this.#waiting.set(command.clientId, queue);
      void this.#flush(command.clientId);
    });
  }

  async #flush(clientId: string): Promise<void> {
    if (this.#flushing.has(clientId)) return;
    this.#flushing.add(clientId);
    try {
      for (;;) {
        // Group commit: the requests read in this turn of the event loop join the group. After a group
        // is answered, one more turn lets requests read meanwhile — answers prompt new requests — join
        // the next group instead of following it alone: with four clients sharing 16 requests in flight,
        // sending the next group before answering the last left half the transactions carrying one
        // create (docs/performance.md, "Wave 9").
        await new Promise<void>((resolve) => setImmediate(resolve));
        const queue = this.#waiting.get(clientId) ?? [];
        if (queue.length === 0) break;
        (await this.#commitGroup(clientId, takeGroup(queue)))?.();
      }
    } finally {
      this.#flushing.delete(clientId);
      this.#waiting.delete(clientId);
    }
  }

  /**
   * Not `retryOnConflict` (src/app, out of an adapter's reach, and for read → decide → write under one
   * version): a group commit branches on the status of a whole transaction — a moved counter is renumbered
   * and retried, a taken claim or idempotency key splits the group or replays — so it keeps its own loop.
   * Resolves to what answers the group's requests once committed (the caller decides when); a group that
   * failed, or was split, is answered here at once.
   */
  async #commitGroup(clientId: string, group: PendingCreate[]): Promise<(() => void) | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const counter = this.#counters.get(clientId) ?? (await this.#readCounter(clientId));
        const built = group.map((pending, i) => ({ pending, ...this.#buildCreate(pending.command, counter.next + i) }));
        const nextCounter = counter.next + group.length;
        const receipts = receiptIndexActions(
          built.map((b) => b.ticket),
          counter,
        );
        const counterEntity = { partitionKey: clientId, rowKey: keys.counter, next: nextCounter, ...receipts.after };
        const actions: TransactionAction[] = [
          counter.etag ? ['update', counterEntity, 'Replace', { etag: counter.etag }] : ['create', counterEntity],
          ...built.flatMap((b) => b.actions),
          // Last, so that each create's own rows keep their places in the responses read below.
          ...receipts.actions,
        ];
        const response = await submitTransaction(this.table, actions);
        const counterEtag = response.subResponses[0]?.etag;
        this.#counters.set(clientId, { next: nextCounter, etag: counterEtag, ...receipts.after });
        const etags = response.subResponses.map((r) => r.etag);
        return () => {
          let index = 1;
          for (const b of built) {
            b.pending.resolve({
              kind: 'created',
              stored: { ticket: b.ticket, version: etags[index] ?? '', position: b.position },
              events: b.events,
            });
            index += b.actions.length;
          }
        };
      } catch (error) {
        this.#counters.delete(clientId);
        if (group.length > 1 && group.some((m) => m.command.claim) && isStatus(error, 409, 412)) {
          // A claim may be what failed (taken, or taken over since it was read): find out member by member.
          for (const member of group) (await this.#commitGroup(clientId, [member]))?.();
          return undefined;
        }
        const claimant = group.length === 1 ? group[0] : undefined;
        if (claimant?.command.claim && isStatus(error, 409, 412)) {
          const taken = await this.#claimTaken(clientId, claimant.command.claim).catch(
            (readError: unknown) => readError,
          );
          if (taken !== false) {
            claimant.reject(taken === true ? new ClaimTakenError(claimant.command.claim.key) : taken);
            return undefined;
          }
        }
        if (isStatus(error, 412) || (isStatus(error, 409) && group.length === 1 && !group[0]?.command.idempotency)) {
          // Another writer moved the counter: read it again and renumber.
          if (attempt < 50) {
            await jitter(attempt);
            continue;
          }
        }
        if (isStatus(error, 409) && group.length > 1) {
          // One member's idempotency key is taken (or a counter race): let each member try alone.
          for (const member of group) (await this.#commitGroup(clientId, [member]))?.();
          return undefined;
        }
        const only = group.length === 1 ? group[0] : undefined;
        if (only?.command.idempotency && isStatus(error, 409)) {
          const record = await this.#readIdempotency(clientId, only.command.idempotency.key);
          if (record) {
            only.resolve({ kind: 'replayed', record });
            return undefined;
          }
          if (attempt < 50) continue;
        }
        for (const member of group) member.reject(error);
        return undefined;
      }
    }
  }

  #buildCreate(command: CreateTicketCommand, number: number) {
    const { ticket: built, events: pending, position } = command.build(number);
    const events = numberEvents(pending, 0);
    const ticket: Ticket = { ...built, eventCount: events.length };
    const actions: TransactionAction[] = [
      ['create', ticketEntity(ticket, position)],
      ...timelineActions(ticket, events),
      ['create', queueEntity(ticket, position)],
    ];
    // Rows written before 2026-12 also carry `status` (always 201); it is ignored on read.
    if (command.idempotency) actions.push(this.#idempotencyAction(ticket, command.idempotency));
    if (command.claim) {
      const claim = {
        partitionKey: ticket.clientId,
        rowKey: keys.claimRow(command.claim.key, rowKeyHash),
        kind: 'claim',
        claimKey: command.claim.key,
        number: ticket.number,
      };
      actions.push(
        command.claim.replaces ? ['update', claim, 'Replace', { etag: command.claim.replaces }] : ['create', claim],
      );
    }
    return { ticket, events, actions, position };
  }

  async get(clientId: string, number: number): Promise<StoredTicket | undefined> {
    try {
      const entity = await this.table.getEntity(clientId, keys.ticket(number));
      return storedTicket(entity);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async update(
    previous: StoredTicket,
    next: Ticket,
    pending: readonly PendingEvent[],
    position: string,
    guard?: HourBankGuard,
    idempotency?: IdempotencyWrite,
  ): Promise<{ stored: StoredTicket; events: TimelineEvent[] }> {
    const events = numberEvents(pending, previous.ticket.eventCount);
    const ticket: Ticket = { ...next, eventCount: previous.ticket.eventCount + events.length };
    try {
      const response = await submitTransaction(this.table, [
        ['update', ticketEntity(ticket, position), 'Replace', { etag: previous.version }],
        ...timelineActions(ticket, events),
        // The queue row moves in the same transaction: the index never disagrees with a committed ticket.
        ...queueActions(ticket, previous.position, position),
        ...(guard ? [hourBankGuardAction(ticket.clientId, guard.version, emptyHourBank)] : []),
        ...(idempotency ? [this.#idempotencyAction(ticket, idempotency)] : []),
      ]);
      return { stored: { ticket, version: response.subResponses[0]?.etag ?? '', position }, events };
    } catch (error) {
      // 412: the ETag moved; 409: a concurrent writer already used these timeline positions.
      if (isStatus(error, 412, 409, 404)) throw new VersionConflictError(ticket.id);
      throw error;
    }
  }

  async list(query: TicketListQuery): Promise<Ticket[]> {
    const conditions = [
      odata`RowKey ge ${keys.ticketRange.from} and RowKey lt ${keys.ticketRange.to} and kind eq 'ticket'`,
    ];
    if (query.clientId) conditions.unshift(odata`PartitionKey eq ${query.clientId}`);
    if (query.status) conditions.push(odata`status eq ${query.status}`);
    const tickets: Ticket[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter: conditions.join(' and ') } })) {
      tickets.push(fromJsonColumns<Ticket>(entity));
    }
    return tickets;
  }

  async queue(query: QueueQuery): Promise<QueueRow[]> {
    const { clientId, range } = query;
    const from = keys.queue(range.from);
    const after = query.after ? keys.queue(query.after.position) : undefined;
    // The later of the range's start and the cursor: strictly after the cursor unless told otherwise.
    const lower =
      after !== undefined && after >= from
        ? query.after?.inclusive
          ? odata`RowKey ge ${after}`
          : odata`RowKey gt ${after}`
        : odata`RowKey ge ${from}`;
    const conditions = [odata`PartitionKey eq ${clientId}`, lower, odata`RowKey lt ${keys.queue(range.to)}`];
    if (range.statuses) conditions.push(`(${range.statuses.map((status) => odata`status eq ${status}`).join(' or ')})`);
    if (query.assignee !== undefined) conditions.push(odata`assignee eq ${query.assignee}`);
    if (query.reporter !== undefined) conditions.push(odata`reporter eq ${query.reporter}`);
    const rows: QueueRow[] = [];
    const pages = this.table
      .listEntities<{ number: number; status: Ticket['status']; doc?: string }>({
        queryOptions: { filter: conditions.join(' and ') },
      })
      .byPage({ maxPageSize: Math.min(1000, query.limit) });
    for await (const page of pages) {
      for (const entity of page) {
        if (rows.length >= query.limit) break;
        const ticket = typeof entity.doc === 'string' ? { ticket: fromJsonColumns<Ticket>(entity) } : {};
        rows.push({
          clientId,
          position: (entity.rowKey ?? '').slice(keys.queue('').length),
          number: entity.number,
          status: entity.status,
          ...ticket,
        });
      }
      if (rows.length >= query.limit) break;
    }
    return rows;
  }

  async queueIndexed(clientId: string): Promise<boolean> {
    if (this.#indexed.has(clientId)) return true;
    try {
      await this.table.getEntity(clientId, keys.queueIndexed);
      this.#indexed.add(clientId);
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }

  async unindexed(clientId: string): Promise<StoredTicket[]> {
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${keys.ticketRange.from} and RowKey lt ${keys.ticketRange.to} and kind eq 'ticket'`;
    const found: StoredTicket[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const stored = storedTicket(entity);
      if (stored.position === undefined) found.push(stored);
    }
    return found;
  }

  async index(stored: StoredTicket, position: string): Promise<StoredTicket> {
    const { ticket } = stored;
    try {
      const response = await submitTransaction(this.table, [
        ['update', ticketEntity(ticket, position), 'Replace', { etag: stored.version }],
        ...queueActions(ticket, stored.position, position),
      ]);
      return { ticket, version: response.subResponses[0]?.etag ?? '', position };
    } catch (error) {
      if (isStatus(error, 412, 409, 404)) throw new VersionConflictError(ticket.id);
      throw error;
    }
  }

  async markQueueIndexed(clientId: string): Promise<void> {
    await this.table.upsertEntity({ partitionKey: clientId, rowKey: keys.queueIndexed, kind: 'marker' }, 'Replace');
    this.#indexed.add(clientId);
  }

  async timelinePage(
    clientId: string,
    number: number,
    page: { readonly after: number; readonly limit: number },
  ): Promise<TimelineEvent[]> {
    // The outbox first: an event moved to the timeline between the two reads is then read twice, never missed.
    const pending = await this.#pendingTimeline(clientId, number, page.after);
    const range = keys.eventRange(number);
    const from = page.after > 0 ? keys.event(number, page.after + 1) : range.from;
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${from} and RowKey lt ${range.to}`;
    const events: TimelineEvent[] = [];
    // Pages of the size wanted: the loop stops as soon as it has them, never reading the rest of the timeline.
    read: for await (const rows of this.table
      .listEntities({ queryOptions: { filter } })
      .byPage({ maxPageSize: Math.min(page.limit, 1000) })) {
      for (const entity of rows) {
        events.push(fromJsonColumns<TimelineEvent>(entity));
        if (events.length >= page.limit) break read;
      }
    }
    // The first `limit` of both together are among the first `limit` timeline rows and every pending one.
    return inTimelineOrder(events, pending).slice(0, page.limit);
  }

  async timeline(clientId: string, number: number): Promise<TimelineEvent[]> {
    const pending = await this.#pendingTimeline(clientId, number, 0);
    const range = keys.eventRange(number);
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    const events: TimelineEvent[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      events.push(fromJsonColumns<TimelineEvent>(entity));
    }
    return inTimelineOrder(events, pending);
  }

  /** The ticket's timeline events still in the outbox (ticket-entities.ts), after position `after`. */
  async #pendingTimeline(clientId: string, number: number, after: number): Promise<TimelineEvent[]> {
    const range = keys.ticketOutboxRange(number);
    const from = after > 0 ? keys.outbox(number, after + 1) : range.from;
    const events: TimelineEvent[] = [];
    for await (const entity of this.table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${clientId} and RowKey ge ${from} and RowKey lt ${range.to}` },
    })) {
      const pending = pendingTimelineEvent(entity);
      if (pending) events.push(pending.event);
    }
    return events;
  }

  async readClaim(clientId: string, key: string): Promise<ClaimRecord | undefined> {
    try {
      const entity = await this.table.getEntity<{ number: number }>(clientId, keys.claimRow(key, rowKeyHash));
      return { number: entity.number, version: entity.etag };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** Whether a failed create lost its claim to another writer (rather than, say, a counter race). */
  async #claimTaken(clientId: string, claim: TicketClaim): Promise<boolean> {
    const current = await this.readClaim(clientId, claim.key);
    return claim.replaces === undefined ? current !== undefined : current?.version !== claim.replaces;
  }

  async #readCounter(clientId: string): Promise<CounterState> {
    try {
      const entity = await this.table.getEntity<{ next: number } & ReceiptIndexState>(clientId, keys.counter);
      return { next: entity.next, etag: entity.etag, ...receiptIndexState(entity) };
    } catch (error) {
      if (isStatus(error, 404)) return { next: 1, etag: undefined };
      throw error;
    }
  }

  #idempotencyAction(ticket: Ticket, idempotency: IdempotencyWrite): TransactionAction {
    const record: IdempotencyRecord = {
      fingerprint: idempotency.fingerprint,
      ticketId: ticket.id,
      body: idempotency.response(ticket),
    };
    return [
      'create',
      {
        partitionKey: ticket.clientId,
        rowKey: keys.idempotency(rowKeyHash(idempotency.key)),
        ...toJsonColumns(record),
      },
    ];
  }

  readIdempotency(clientId: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.#readIdempotency(clientId, key);
  }

  async #readIdempotency(clientId: string, key: string): Promise<IdempotencyRecord | undefined> {
    try {
      const entity = await this.table.getEntity(clientId, keys.idempotency(rowKeyHash(key)));
      return fromJsonColumns<IdempotencyRecord>(entity);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}

/**
 * The next members of one transaction: at most the transaction limit, and never two with the same
 * idempotency key (the later one waits and is then replayed from the first one's record) or the same
 * claim (the later one waits and then finds it taken).
 */
function takeGroup(queue: PendingCreate[]): PendingCreate[] {
  const group: PendingCreate[] = [];
  const keysInGroup = new Set<string>();
  for (let i = 0; i < queue.length && group.length < maxCreatesPerTransaction;) {
    const command = queue[i]?.command;
    const unique = [
      command?.idempotency && `idem|${command.idempotency.key}`,
      command?.claim && `claim|${command.claim.key}`,
    ].filter((k) => k !== undefined);
    if (unique.some((k) => keysInGroup.has(k))) {
      i++;
      continue;
    }
    for (const k of unique) keysInGroup.add(k);
    group.push(...queue.splice(i, 1));
  }
  return group;
}

function storedTicket(entity: Readonly<Record<string, unknown>> & { etag: string }): StoredTicket {
  const position = typeof entity.queuePosition === 'string' ? entity.queuePosition : undefined;
  return {
    ticket: fromJsonColumns<Ticket>(entity),
    version: entity.etag,
    ...(position === undefined ? {} : { position }),
  };
}

function numberEvents(pending: readonly PendingEvent[], after: number): TimelineEvent[] {
  return pending.map((event, i) => ({ seq: after + i + 1, ...event }));
}

function jitter(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Timeline rows and events still in the outbox, one of each position, in timeline order. */
function inTimelineOrder(moved: readonly TimelineEvent[], pending: readonly TimelineEvent[]): TimelineEvent[] {
  if (pending.length === 0) return [...moved];
  const bySeq = new Map<number, TimelineEvent>();
  for (const event of [...pending, ...moved]) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
