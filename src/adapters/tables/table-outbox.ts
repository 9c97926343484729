import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { CloudEvent } from '../../domain/events/cloud-event';
import { hourBankOutboxNumber, type Outbox, type OutboxEntry } from '../../ports/outbox';
import { fromJsonColumns } from './json-columns';
import { isStatus } from './table-clients';
import { pendingTimelineEvent, timelineEntity } from './ticket-entities';
import { ticketRowKeys as keys } from './ticket-row-keys';
import { submitTransaction } from './table-transaction';

/**
 * Reads the outbox rows `TableTicketStore` writes (`o|{number}|{seq}` in the client's partition of the
 * `tickets` table: a timeline event and its ticket's context, or — hour-bank events, and rows written
 * before 2026-12-03 — a CloudEvent) and, once published, moves a timeline event to its ticket's timeline
 * (`t|{number}|e|{seq}`) and deletes the row, in one transaction.
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

  async pendingForTickets(clientId: string, ticketNumbers: readonly number[]): Promise<OutboxEntry[]> {
    if (ticketNumbers.length === 0) return [];
    // One range query from the lowest ticket to the highest (tickets changed together are mostly recent
    // and close), keeping only the tickets asked for.
    const wanted = new Set(ticketNumbers);
    const { from } = keys.ticketOutboxRange(Math.min(...ticketNumbers));
    const { to } = keys.ticketOutboxRange(Math.max(...ticketNumbers));
    const entries = await this.#query(
      odata`PartitionKey eq ${clientId} and RowKey ge ${from} and RowKey lt ${to}`,
      Number.MAX_SAFE_INTEGER,
    );
    return entries.filter((entry) => wanted.has(entry.ticketNumber));
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
    // One transaction per partition and hundred rows rather than a call per row: a relay that published
    // many tickets' events removes them in a few calls. Should one row be gone already (another relay
    // took it), the transaction fails as a whole and that chunk is removed entry by entry.
    const byClient = new Map<string, Removal[]>();
    for (const entry of entries) {
      const removals = byClient.get(entry.clientId) ?? [];
      removals.push(removalOf(entry));
      byClient.set(entry.clientId, removals);
    }
    const chunks = [...byClient.values()].flatMap((removals) => transactionChunks(removals));
    await Promise.all(chunks.map((chunk) => this.#removeChunk(chunk)));
  }

  async #removeChunk(chunk: readonly Removal[]): Promise<void> {
    if (chunk.length > 1) {
      try {
        await submitTransaction(
          this.tickets,
          chunk.flatMap(({ timelineRow, outboxRow }): TransactionAction[] =>
            timelineRow
              ? [
                  ['upsert', timelineRow, 'Replace'],
                  ['delete', outboxRow],
                ]
              : [['delete', outboxRow]],
          ),
        );
        return;
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
    await Promise.all(
      chunk.map(async ({ timelineRow, outboxRow }) => {
        // The timeline row first: an upsert, so an event another relay moved already is written again as it was.
        if (timelineRow) await this.tickets.upsertEntity(timelineRow, 'Replace');
        try {
          await this.tickets.deleteEntity(outboxRow.partitionKey, outboxRow.rowKey);
        } catch (error) {
          if (!isStatus(error, 404)) throw error;
        }
      }),
    );
  }

  async #query(filter: string, limit: number): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for await (const entity of this.tickets.listEntities({
      queryOptions: { filter: `${filter} and kind eq 'outbox'` },
    })) {
      const position = parseOutboxKey(entity.rowKey ?? '');
      if (!position) continue;
      const pending = pendingTimelineEvent(entity);
      const clientId = entity.partitionKey ?? '';
      entries.push(
        pending
          ? { clientId, ...position, event: pending.cloudEvent, timelineEvent: pending.event }
          : { clientId, ...position, event: fromJsonColumns<CloudEvent>(entity) },
      );
      if (entries.length >= limit) break;
    }
    return entries;
  }

  async #clientIds(): Promise<string[]> {
    const ids: string[] = [];
    const rows = this.clients.listEntities({
      queryOptions: { filter: "RowKey eq 'client'", select: ['PartitionKey'] },
    });
    for await (const entity of rows) if (entity.partitionKey) ids.push(entity.partitionKey);
    return ids.sort();
  }
}

/** Table storage's limit of operations in one batch. */
const maxActionsPerTransaction = 100;
/** Well under a batch's 4 MiB even if every character took three bytes: a long comment moves alone. */
const maxCharactersPerTransaction = 1_000_000;

/** What removing an entry writes: its timeline row, if it carries a timeline event, and the outbox row's deletion. */
interface Removal {
  readonly timelineRow?: TableEntity;
  readonly outboxRow: { readonly partitionKey: string; readonly rowKey: string };
  /** Characters of the timeline row's document (0 without one), for the size of a transaction. */
  readonly characters: number;
}

function removalOf(entry: OutboxEntry): Removal {
  const outboxRow = { partitionKey: entry.clientId, rowKey: outboxRowKey(entry) };
  if (!entry.timelineEvent) return { outboxRow, characters: 0 };
  const timelineRow = timelineEntity(entry.clientId, entry.ticketNumber, entry.timelineEvent);
  const characters = Object.values(timelineRow).reduce<number>(
    (sum, value) => sum + (typeof value === 'string' ? value.length : 0),
    0,
  );
  return { timelineRow, outboxRow, characters };
}

/** One client's removals cut into runs that fit one transaction each. */
function transactionChunks(removals: readonly Removal[]): Removal[][] {
  const chunks: Removal[][] = [];
  let current: Removal[] = [];
  let actions = 0;
  let characters = 0;
  for (const removal of removals) {
    const needed = removal.timelineRow ? 2 : 1;
    if (
      current.length > 0 &&
      (actions + needed > maxActionsPerTransaction || characters + removal.characters > maxCharactersPerTransaction)
    ) {
      chunks.push(current);
      current = [];
      actions = 0;
      characters = 0;
    }
    current.push(removal);
    actions += needed;
    characters += removal.characters;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function parseOutboxKey(rowKey: string): { ticketNumber: number; seq: number } | undefined {
  const match = /^o\|(\d{10})\|(\d{6}|\d{10})$/.exec(rowKey);
  return match ? { ticketNumber: Number(match[1]), seq: Number(match[2]) } : undefined;
}

/** Hour-bank events ("ticket 0") are numbered with ten digits: a client's bank outlives any one ticket. */
function outboxRowKey(entry: Pick<OutboxEntry, 'ticketNumber' | 'seq'>): string {
  return entry.ticketNumber === hourBankOutboxNumber
    ? keys.hourBankOutbox(entry.seq)
    : keys.outbox(entry.ticketNumber, entry.seq);
}
