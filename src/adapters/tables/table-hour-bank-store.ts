import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { emptyHourBank, type HourBankState, type LedgerEntry } from '../../domain/hour-bank/hour-bank-ledger';
import type { TimeEntry } from '../../domain/hour-bank/time-entry';
import type { Ticket } from '../../domain/tickets/ticket';
import type { TimelineEvent } from '../../domain/tickets/timeline-event';
import type {
  HourBankChange,
  HourBankCommitted,
  HourBankSnapshot,
  HourBankStore,
  LedgerRange,
  StoredResponse,
} from '../../ports/hour-bank-store';
import { VersionConflictError } from '../../ports/ticket-store';
import { hourBankOutboxActions, hourBankWriteAction, ledgerEntryEntity, timeEntryEntity } from './hour-bank-entities';
import { fromJsonColumns, toJsonColumns } from './json-columns';
import { rowKeyHash } from './row-key-hash';
import { isStatus } from './table-clients';
import { queueActions, ticketEntity, timelineActions } from './ticket-entities';
import { ticketRowKeys as keys } from './ticket-row-keys';
import { submitTransaction } from './table-transaction';

/**
 * The hour bank in the client's partition of the `tickets` table, beside its tickets, so one entity
 * group transaction holds a whole booking: the balance row (replaced under its ETag), the ledger entry,
 * the bank's outbox events, and for a time entry the ticket (under its ETag, with `hoursBooked`), its
 * time-entry row and timeline event (in the outbox until published: ticket-entities.ts), plus the
 * Idempotency-Key's response. At most 1 + 1 + 3 + 1 + 1 + 1 + 1 = 9 operations, well inside the 100 a
 * transaction allows.
 */
export class TableHourBankStore implements HourBankStore {
  constructor(private readonly table: TableClient) {}

  async read(clientId: string): Promise<HourBankSnapshot> {
    try {
      const entity = await this.table.getEntity(clientId, keys.hourBank);
      return { state: { ...emptyHourBank, ...fromJsonColumns<HourBankState>(entity) }, version: entity.etag };
    } catch (error) {
      if (isStatus(error, 404)) return { state: emptyHourBank, version: undefined };
      throw error;
    }
  }

  async commit(change: HourBankChange): Promise<HourBankCommitted> {
    const { clientId } = change;
    const actions: TransactionAction[] = [];
    let ticketIndex = -1;
    let bankIndex = -1;
    let ticket: Ticket | undefined;
    let timeline: TimelineEvent[] = [];
    if (change.ticket) {
      const { previous, next, events, timeEntry } = change.ticket;
      timeline = events.map((event, i) => ({ seq: previous.ticket.eventCount + i + 1, ...event }));
      ticket = { ...next, eventCount: previous.ticket.eventCount + timeline.length };
      ticketIndex = actions.length;
      // A time entry moves nothing in the queue: the row stays where it is, with the ticket's copy refreshed.
      actions.push(['update', ticketEntity(ticket, previous.position), 'Replace', { etag: previous.version }]);
      if (previous.position !== undefined) actions.push(...queueActions(ticket, previous.position, previous.position));
      actions.push(...timelineActions(ticket, timeline));
      actions.push(['create', timeEntryEntity(clientId, ticket.number, timeEntry)]);
    }
    if (change.bank) {
      const { previous, next, entry, events } = change.bank;
      bankIndex = actions.length;
      actions.push(hourBankWriteAction(clientId, next, previous.version));
      actions.push(['create', ledgerEntryEntity(clientId, entry)]);
      actions.push(...hourBankOutboxActions(clientId, events));
    }
    if (change.idempotency) {
      actions.push([
        'create',
        {
          partitionKey: clientId,
          rowKey: keys.idempotency(rowKeyHash(change.idempotency.key)),
          kind: 'idempotency',
          ...toJsonColumns({ ticketId: '', ...change.idempotency.response }),
        },
      ]);
    }
    if (actions.length === 0) return {};
    try {
      const response = await submitTransaction(this.table, actions);
      const bankVersion = bankIndex >= 0 ? response.subResponses[bankIndex]?.etag : undefined;
      return {
        ...(bankVersion ? { bankVersion } : {}),
        ...(ticket
          ? {
              ticket: {
                stored: {
                  ticket,
                  version: response.subResponses[ticketIndex]?.etag ?? '',
                  ...(change.ticket?.previous.position ? { position: change.ticket.previous.position } : {}),
                },
                events: timeline,
              },
            }
          : {}),
      };
    } catch (error) {
      // 412: the bank or the ticket moved since read; 409: a row this change creates exists (the bank's
      // first row, a timeline position, the Idempotency-Key) — someone else committed first. Nothing was written.
      if (isStatus(error, 412, 409, 404))
        throw new VersionConflictError(change.ticket?.next.id ?? `${clientId}/hour-bank`);
      throw error;
    }
  }

  async entries(clientId: string, range: LedgerRange = {}): Promise<LedgerEntry[]> {
    const conditions = [
      odata`PartitionKey eq ${clientId} and RowKey ge ${keys.ledgerRange.from} and RowKey lt ${keys.ledgerRange.to}`,
    ];
    if (range.from) conditions.push(odata`at ge ${range.from}`);
    if (range.to) conditions.push(odata`at lt ${range.to}`);
    const entries: LedgerEntry[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter: conditions.join(' and ') } })) {
      entries.push(fromJsonColumns<LedgerEntry>(entity));
    }
    return entries;
  }

  async timeEntries(clientId: string, ticketNumber: number): Promise<TimeEntry[]> {
    const range = keys.timeEntryRange(ticketNumber);
    const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    const entries: TimeEntry[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter } }))
      entries.push(fromJsonColumns<TimeEntry>(entity));
    return entries;
  }

  async readResponse(clientId: string, idempotencyKey: string): Promise<StoredResponse | undefined> {
    try {
      const entity = await this.table.getEntity(clientId, keys.idempotency(rowKeyHash(idempotencyKey)));
      // Rows written before 2026-12 also carry `status` (always 201); it is ignored on read.
      const { fingerprint, body } = fromJsonColumns<StoredResponse>(entity);
      return { fingerprint, body };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
