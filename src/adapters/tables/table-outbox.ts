import { odata, type TableClient } from '@azure/data-tables';
import type { CloudEvent } from '../../domain/events/cloud-event';
import type { Outbox, OutboxEntry } from '../../ports/outbox';
import { fromJsonColumns } from './json-columns';
import { isStatus } from './table-clients';
import { ticketRowKeys as keys } from './ticket-row-keys';

/**
 * Reads the outbox rows `TableTicketStore` writes (`o|{number}|{seq}` in the client's partition of the
 * `tickets` table, the CloudEvent in the JSON columns) and deletes them once published.
 *
 * A sweep needs every partition with pending rows. Partitions are client ids, which the `clients` table
 * lists (one `client` row each); asking each partition for its `o|` range keeps every query a range
 * query inside one partition instead of a scan of all tickets.
 */
export class TableOutbox implements Outbox {
  constructor(
    private readonly tickets: TableClient,
    private readonly clients: TableClient,
  ) {}

  async pendingForTicket(clientId: string, ticketNumber: number): Promise<OutboxEntry[]> {
    const from = keys.outbox(ticketNumber, 0);
    const to = `${from.slice(0, from.lastIndexOf('|'))}}`;
    return this.#query(odata`PartitionKey eq ${clientId} and RowKey ge ${from} and RowKey lt ${to}`, Number.MAX_SAFE_INTEGER);
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (const clientId of await this.#clientIds()) {
      if (entries.length >= limit) break;
      const filter = odata`PartitionKey eq ${clientId} and RowKey ge ${keys.outboxRange.from} and RowKey lt ${keys.outboxRange.to}`;
      entries.push(...(await this.#query(filter, limit - entries.length)));
    }
    return entries;
  }

  async remove(entries: readonly OutboxEntry[]): Promise<void> {
    await Promise.all(
      entries.map(async (entry) => {
        try {
          await this.tickets.deleteEntity(entry.clientId, keys.outbox(entry.ticketNumber, entry.seq));
        } catch (error) {
          if (!isStatus(error, 404)) throw error;
        }
      }),
    );
  }

  async #query(filter: string, limit: number): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for await (const entity of this.tickets.listEntities({ queryOptions: { filter: `${filter} and kind eq 'outbox'` } })) {
      const position = parseOutboxKey(entity.rowKey ?? '');
      if (!position) continue;
      entries.push({ clientId: entity.partitionKey ?? '', ...position, event: fromJsonColumns<CloudEvent>(entity) });
      if (entries.length >= limit) break;
    }
    return entries;
  }

  async #clientIds(): Promise<string[]> {
    const ids: string[] = [];
    const rows = this.clients.listEntities({ queryOptions: { filter: "RowKey eq 'client'", select: ['PartitionKey'] } });
    for await (const entity of rows) if (entity.partitionKey) ids.push(entity.partitionKey);
    return ids.sort();
  }
}

function parseOutboxKey(rowKey: string): { ticketNumber: number; seq: number } | undefined {
  const match = /^o\|(\d{10})\|(\d{6})$/.exec(rowKey);
  return match ? { ticketNumber: Number(match[1]), seq: Number(match[2]) } : undefined;
}
