import type { Ticket } from '../../../src/domain/tickets/ticket';
import type { QueuePosition } from '../../../src/domain/tickets/ticket-queue';
import type { PendingEvent, TimelineEvent } from '../../../src/domain/tickets/timeline-event';
import {
  hourBankCloudEvent,
  ticketCloudEvent as ticketEvent,
  type CloudEvent,
} from '../../../src/domain/events/cloud-event';
import type { NumberedHourBankEvent } from '../../../src/domain/hour-bank/hour-bank-ledger';
import { hourBankOutboxNumber, type Outbox, type OutboxEntry } from '../../../src/ports/outbox';
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
  type TicketListQuery,
  type TicketStore,
} from '../../../src/ports/ticket-store';
import { nextVersion, roundTrip } from './versions';

interface TicketRow {
  readonly ticket: Ticket;
  readonly version: string;
  readonly timeline: TimelineEvent[];
  /** The queue index row's position (undefined: written before the index, as in the table). */
  readonly position?: QueuePosition | undefined;
}

/**
 * TicketStore in memory, for application-service tests (see docs/architecture.md, "Fast tests"). It keeps the port's
 * contract as `TableTicketStore` does, and test/ports/ticket-store.test.ts runs the same cases against
 * both: numbers per client from 1 with no gaps; a new version on every write and `VersionConflictError`
 * for a write against an old one; idempotency records replayed; claims held by one ticket at a time
 * (`replaces` takes over only the version read); ticket, timeline and outbox written together.
 * Every operation yields once before it takes effect (`roundTrip`), so concurrent use cases interleave.
 */
export class InMemoryTicketStore implements TicketStore {
  readonly #rows = new Map<string, TicketRow>();
  readonly #counters = new Map<string, number>();
  readonly #idempotency = new Map<string, IdempotencyRecord>();
  readonly #claims = new Map<string, ClaimRecord>();
  readonly #indexed = new Set<string>();

  /** What an update's hour-bank `guard` is checked against: no bank at all until `InMemoryHourBankStore` attaches itself. */
  #bank: InMemoryBankGuard = {
    prepareGuard: (_clientId, version) => (version === undefined ? () => undefined : undefined),
  };

  /** @param outbox receives every event written, as the table's outbox rows do (`InMemoryOutbox`). */
  constructor(readonly outbox = new InMemoryOutbox()) {}

  /** The hour bank sharing this store's "partition" (`InMemoryHourBankStore` calls it), as the table's bank rows share the tickets'. */
  attachBank(bank: InMemoryBankGuard): void {
    this.#bank = bank;
  }

  async create(command: CreateTicketCommand): Promise<CreateTicketOutcome> {
    await roundTrip();
    const { clientId } = command;
    if (command.idempotency) {
      const record = this.#idempotency.get(`${clientId}|${command.idempotency.key}`);
      if (record) return { kind: 'replayed', record: structuredClone(record) };
    }
    if (command.claim) {
      const held = this.#claims.get(`${clientId}|${command.claim.key}`);
      if (command.claim.replaces === undefined ? held !== undefined : held?.version !== command.claim.replaces)
        throw new ClaimTakenError(command.claim.key);
    }
    const number = (this.#counters.get(clientId) ?? 0) + 1;
    const { ticket: built, events: pending, position } = command.build(number);
    const events = numberEvents(pending, 0);
    const ticket: Ticket = { ...built, eventCount: events.length };
    const version = nextVersion();
    this.#counters.set(clientId, number);
    this.#rows.set(`${clientId}|${number}`, {
      ticket: structuredClone(ticket),
      version,
      timeline: structuredClone(events),
      position,
    });
    this.outbox.add(ticket, events);
    if (command.idempotency) {
      const record: IdempotencyRecord = {
        fingerprint: command.idempotency.fingerprint,
        ticketId: ticket.id,
        body: command.idempotency.response(ticket),
      };
      this.#idempotency.set(`${clientId}|${command.idempotency.key}`, structuredClone(record));
    }
    if (command.claim) this.#claims.set(`${clientId}|${command.claim.key}`, { number, version: nextVersion() });
    return { kind: 'created', stored: { ticket, version, position }, events };
  }

  async get(clientId: string, number: number): Promise<StoredTicket | undefined> {
    await roundTrip();
    const row = this.#rows.get(`${clientId}|${number}`);
    return row && stored(row);
  }

  async update(
    previous: StoredTicket,
    next: Ticket,
    pending: readonly PendingEvent[],
    position: QueuePosition,
    guard?: HourBankGuard,
    idempotency?: IdempotencyWrite,
  ): Promise<{ stored: StoredTicket; events: TimelineEvent[] }> {
    await roundTrip();
    const key = `${previous.ticket.clientId}|${previous.ticket.number}`;
    const row = this.#rows.get(key);
    if (!row || row.version !== previous.version) throw new VersionConflictError(previous.ticket.id);
    // The table's guard is a Merge under the bank's ETag (or the empty bank's create): it fails if the bank moved, and moves it.
    const guarded = guard ? this.#bank.prepareGuard(previous.ticket.clientId, guard.version) : () => undefined;
    if (!guarded) throw new VersionConflictError(previous.ticket.id);
    const idempotencyKey = idempotency && `${previous.ticket.clientId}|${idempotency.key}`;
    // A key already recorded fails the whole write, as the table's transaction does on its existing row.
    if (idempotencyKey && this.#idempotency.has(idempotencyKey)) throw new VersionConflictError(previous.ticket.id);
    const events = numberEvents(pending, previous.ticket.eventCount);
    const ticket: Ticket = { ...next, eventCount: previous.ticket.eventCount + events.length };
    const version = nextVersion();
    this.#rows.set(key, {
      ticket: structuredClone(ticket),
      version,
      timeline: [...row.timeline, ...structuredClone(events)],
      position,
    });
    this.outbox.add(ticket, events);
    guarded();
    if (idempotency && idempotencyKey) {
      this.#idempotency.set(
        idempotencyKey,
        structuredClone({
          fingerprint: idempotency.fingerprint,
          ticketId: ticket.id,
          body: idempotency.response(ticket),
        }),
      );
    }
    return { stored: { ticket, version, position }, events };
  }

  async list(query: TicketListQuery): Promise<Ticket[]> {
    await roundTrip();
    return [...this.#rows.values()]
      .map((row) => row.ticket)
      .filter(
        (t) =>
          (query.clientId === undefined || t.clientId === query.clientId) &&
          (query.status === undefined || t.status === query.status),
      )
      .sort((a, b) => a.clientId.localeCompare(b.clientId) || a.number - b.number)
      .map((t) => structuredClone(t));
  }

  async queue(query: QueueQuery): Promise<QueueRow[]> {
    await roundTrip();
    const { range, after } = query;
    return [...this.#rows.values()]
      .filter(
        (row): row is TicketRow & { position: QueuePosition } =>
          row.ticket.clientId === query.clientId && row.position !== undefined,
      )
      .filter(
        ({ position }) =>
          position >= range.from &&
          position < range.to &&
          (!after || (after.inclusive ? position >= after.position : position > after.position)),
      )
      .filter(
        ({ ticket }) =>
          (!range.statuses || range.statuses.includes(ticket.status)) &&
          (query.assignee === undefined || (ticket.assignee ?? '') === query.assignee) &&
          (query.reporter === undefined || ticket.reporter === query.reporter),
      )
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
      .slice(0, query.limit)
      .map(({ ticket, position }) => ({
        clientId: ticket.clientId,
        position,
        number: ticket.number,
        status: ticket.status,
      }));
  }

  async queueIndexed(clientId: string): Promise<boolean> {
    await roundTrip();
    return this.#indexed.has(clientId);
  }

  async unindexed(clientId: string): Promise<StoredTicket[]> {
    await roundTrip();
    return [...this.#rows.values()]
      .filter((row) => row.ticket.clientId === clientId && row.position === undefined)
      .map(stored);
  }

  async index(previous: StoredTicket, position: QueuePosition): Promise<StoredTicket> {
    await roundTrip();
    const key = `${previous.ticket.clientId}|${previous.ticket.number}`;
    const row = this.#rows.get(key);
    if (!row || row.version !== previous.version) throw new VersionConflictError(previous.ticket.id);
    const next: TicketRow = { ...row, version: nextVersion(), position };
    this.#rows.set(key, next);
    return stored(next);
  }

  async markQueueIndexed(clientId: string): Promise<void> {
    await roundTrip();
    this.#indexed.add(clientId);
  }

  async timeline(clientId: string, number: number): Promise<TimelineEvent[]> {
    await roundTrip();
    return structuredClone(this.#rows.get(`${clientId}|${number}`)?.timeline ?? []);
  }

  async timelinePage(
    clientId: string,
    number: number,
    page: { readonly after: number; readonly limit: number },
  ): Promise<TimelineEvent[]> {
    await roundTrip();
    const timeline = this.#rows.get(`${clientId}|${number}`)?.timeline ?? [];
    return structuredClone(timeline.filter((e) => e.seq > page.after).slice(0, page.limit));
  }

  async readIdempotency(clientId: string, key: string): Promise<IdempotencyRecord | undefined> {
    await roundTrip();
    const record = this.#idempotency.get(`${clientId}|${key}`);
    return record && structuredClone(record);
  }

  async readClaim(clientId: string, key: string): Promise<ClaimRecord | undefined> {
    await roundTrip();
    return this.#claims.get(`${clientId}|${key}`);
  }

  /**
   * For `InMemoryHourBankStore`, whose commit writes the ticket in the same transaction as the bank (as
   * `TableHourBankStore` does in the shared partition): checks that the ticket is still at the version
   * read and writes nothing; `undefined` if it moved, else the write (ticket, timeline, outbox; the queue
   * row stays where it is).
   */
  prepareTicketWrite(
    previous: StoredTicket,
    next: Ticket,
    pending: readonly PendingEvent[],
  ): (() => { stored: StoredTicket; events: TimelineEvent[] }) | undefined {
    const key = `${previous.ticket.clientId}|${previous.ticket.number}`;
    const row = this.#rows.get(key);
    if (!row || row.version !== previous.version) return undefined;
    return () => {
      const events = numberEvents(pending, previous.ticket.eventCount);
      const ticket: Ticket = { ...next, eventCount: previous.ticket.eventCount + events.length };
      const written: TicketRow = {
        ticket: structuredClone(ticket),
        version: nextVersion(),
        timeline: [...row.timeline, ...structuredClone(events)],
        position: row.position,
      };
      this.#rows.set(key, written);
      this.outbox.add(ticket, events);
      return { stored: stored(written), events };
    };
  }

  /** The same for an Idempotency-Key's record: `undefined` if the key is already recorded (the table's create fails with 409). */
  prepareIdempotency(clientId: string, key: string, record: IdempotencyRecord): (() => void) | undefined {
    const at = `${clientId}|${key}`;
    if (this.#idempotency.has(at)) return undefined;
    return () => void this.#idempotency.set(at, structuredClone(record));
  }
}

/** The hour-bank side of an update's `HourBankGuard` (see `InMemoryTicketStore.attachBank`). */
export interface InMemoryBankGuard {
  /** `undefined` if the bank is no longer at `version`; else the write that moves its version (creating the empty bank if there was none). */
  prepareGuard(clientId: string, version: string | undefined): (() => void) | undefined;
}

/** The outbox the in-memory ticket store writes, read and emptied by the relay as the table's is. */
export class InMemoryOutbox implements Outbox {
  readonly #entries = new Map<string, OutboxEntry>();

  /** Whether an entry is still there (its table row exists: writing it again would fail with 409). */
  has(clientId: string, ticketNumber: number, seq: number): boolean {
    return this.#entries.has(entryKey({ clientId, ticketNumber, seq }));
  }

  /** A client's hour-bank events, as "ticket 0" (`hourBankOutboxNumber`), as the table's hour-bank outbox rows. */
  addHourBankEvents(clientId: string, events: readonly NumberedHourBankEvent[]): void {
    for (const event of events) {
      const entry: OutboxEntry = {
        clientId,
        ticketNumber: hourBankOutboxNumber,
        seq: event.seq,
        event: hourBankCloudEvent(clientId, event),
      };
      this.#entries.set(entryKey(entry), structuredClone(entry));
    }
  }

  /** Events written beside a ticket's (a client's maintenance-release events, as their outbox rows). */
  addClientEvents(clientId: string, ticketNumber: number, events: readonly { seq: number; event: CloudEvent }[]): void {
    for (const { seq, event } of events) {
      const entry: OutboxEntry = { clientId, ticketNumber, seq, event: structuredClone(event) };
      this.#entries.set(entryKey(entry), entry);
    }
  }

  add(ticket: Ticket, events: readonly TimelineEvent[]): void {
    const context = {
      clientId: ticket.clientId,
      ticketId: ticket.id,
      severity: ticket.severity,
      title: ticket.title,
      status: ticket.status,
    };
    for (const event of events) {
      const entry: OutboxEntry = {
        clientId: ticket.clientId,
        ticketNumber: ticket.number,
        seq: event.seq,
        event: ticketEvent(context, event),
      };
      this.#entries.set(entryKey(entry), entry);
    }
  }

  async pendingForTickets(clientId: string, ticketNumbers: readonly number[]): Promise<OutboxEntry[]> {
    await roundTrip();
    const wanted = new Set(ticketNumbers);
    return this.#sorted()
      .filter((e) => e.clientId === clientId && wanted.has(e.ticketNumber))
      .map((e) => structuredClone(e));
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    await roundTrip();
    return this.#sorted()
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  async remove(entries: readonly OutboxEntry[]): Promise<void> {
    await roundTrip();
    for (const entry of entries) this.#entries.delete(entryKey(entry));
  }

  #sorted(): OutboxEntry[] {
    // Partition (client id) order as the table lists them (by code unit, not locale), then row-key order.
    return [...this.#entries.values()].sort((a, b) =>
      a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : a.ticketNumber - b.ticketNumber || a.seq - b.seq,
    );
  }
}

function stored(row: TicketRow): StoredTicket {
  return {
    ticket: structuredClone(row.ticket),
    version: row.version,
    ...(row.position === undefined ? {} : { position: row.position }),
  };
}

const entryKey = (entry: Pick<OutboxEntry, 'clientId' | 'ticketNumber' | 'seq'>): string =>
  `${entry.clientId}|${entry.ticketNumber}|${entry.seq}`;

function numberEvents(pending: readonly PendingEvent[], after: number): TimelineEvent[] {
  return pending.map((event, i) => ({ seq: after + i + 1, ...event }));
}
