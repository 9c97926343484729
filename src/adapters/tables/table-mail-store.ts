import { odata, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { deskPartition, type CloudEvent } from '../../domain/events/cloud-event';
import type { Outbox, OutboxEntry } from '../../ports/outbox';
import { loopGuardWindow } from '../../domain/mail/inbound-mail';
import type { MailDecision, MailRecord, MailStore, MailThreadRef, QuarantinedMail } from '../../ports/mail-store';
import type { LazyTable } from './notification-tables';
import { isStatus } from './table-clients';
import { rowKeyHash } from './row-key-hash';

/** Table `mail`: the intake's records, the quarantine, thread membership and the loop guard. */
export const mailTableName = 'mail';

/**
 * Layout (docs/mail-in.md):
 * - `mail` / `in|{key}`: the decision for one Message-ID (key = its sha256), `pending` until its effect commits;
 * - `mail` / `q|{key}`: a quarantined mail, written in the same transaction as its record;
 * - `mail` / `th|{sha256(Message-ID)}`: the ticket a Message-ID (sent or taken) belongs to;
 * - `thread|{clientId}|{number}` / `{at}|{sha256(Message-ID)}`: a ticket's thread in order, for `References`;
 * - `mail` / `lg|{sha256(ticket|sender)}`: the loop guard's recent instants, replaced under its ETag;
 * - `mail` / `o|{key}`: the desk's outbox: a quarantined mail's `mail.quarantined` event, written in the
 *   quarantine's transaction and deleted once published (`TableDeskOutbox`).
 */
export class TableMailStore implements MailStore {
  constructor(private readonly table: LazyTable) {}

  async record(
    record: MailRecord,
    quarantined?: QuarantinedMail,
    announced?: CloudEvent,
  ): Promise<{ kind: 'recorded' } | { kind: 'exists'; record: MailRecord }> {
    const table = await this.table.ready();
    const done = quarantined !== undefined || record.decision.kind === 'ignored';
    const row = {
      partitionKey: partition,
      rowKey: `in|${record.key}`,
      messageId: record.messageId,
      receivedAt: record.receivedAt,
      decision: JSON.stringify(record.decision),
      state: done ? 'done' : 'pending',
    };
    try {
      if (quarantined) {
        await table.submitTransaction([
          ['create', row],
          ['create', { partitionKey: partition, rowKey: `q|${quarantined.id}`, doc: JSON.stringify(quarantined) }],
          ...(announced
            ? [
                [
                  'create',
                  {
                    partitionKey: partition,
                    rowKey: `o|${quarantined.id}`,
                    kind: 'outbox',
                    doc: JSON.stringify(announced),
                  },
                ] satisfies TransactionAction,
              ]
            : []),
        ]);
      } else {
        await table.createEntity(row);
      }
      return { kind: 'recorded' };
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    const existing = await table.getEntity<RecordRow>(partition, `in|${record.key}`);
    return { kind: 'exists', record: recordOf(record.key, existing) };
  }

  async finish(key: string, ticketId: string | undefined): Promise<void> {
    const table = await this.table.ready();
    await table.updateEntity(
      { partitionKey: partition, rowKey: `in|${key}`, state: 'done', ...(ticketId ? { ticketId } : {}) },
      'Merge',
    );
  }

  async findThread(messageIds: readonly string[]): Promise<MailThreadRef | undefined> {
    const table = await this.table.ready();
    // The newest references first: a reply's In-Reply-To is the likeliest hit. Bounded: 20 look-ups.
    for (const id of [...new Set(messageIds)].slice(0, 20)) {
      try {
        const row = await table.getEntity<{ clientId: string; number: number }>(partition, `th|${rowKeyHash(id)}`);
        return { clientId: row.clientId, number: row.number };
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
    return undefined;
  }

  async addToThread(messageId: string, ref: MailThreadRef): Promise<void> {
    const table = await this.table.ready();
    const hash = rowKeyHash(messageId);
    try {
      await table.createEntity({ partitionKey: partition, rowKey: `th|${hash}`, ...ref, messageId });
    } catch (error) {
      // Already in a thread: the first ticket it joined keeps it.
      if (isStatus(error, 409)) return;
      throw error;
    }
    await table.upsertEntity(
      {
        partitionKey: threadPartition(ref),
        rowKey: `${new Date().toISOString()}|${hash}`,
        messageId,
      },
      'Replace',
    );
  }

  async thread(ref: MailThreadRef): Promise<string[]> {
    const table = await this.table.ready();
    const ids: string[] = [];
    const pk = threadPartition(ref);
    for await (const row of table.listEntities<{ messageId: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${pk}`, select: ['messageId'] },
    }))
      ids.push(row.messageId);
    return ids;
  }

  async countRecent(ref: MailThreadRef, sender: string, now: Date): Promise<number> {
    const table = await this.table.ready();
    const rowKey = `lg|${rowKeyHash(`${ref.clientId}|${ref.number}|${sender}`)}`;
    for (let attempt = 0; ; attempt++) {
      let previous: string[] = [];
      let etag: string | undefined;
      try {
        const row = await table.getEntity<{ times: string }>(partition, rowKey);
        previous = JSON.parse(row.times) as string[];
        etag = row.etag;
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
      const window = loopGuardWindow(previous, now);
      const row = { partitionKey: partition, rowKey, times: JSON.stringify(window) };
      try {
        if (etag) await table.updateEntity(row, 'Replace', { etag });
        else await table.createEntity(row);
        return window.length;
      } catch (error) {
        // Another mail of the same sender counted at once: count again on what it wrote.
        if (!isStatus(error, 409, 412) || attempt >= 20) throw error;
      }
    }
  }

  async listQuarantine(): Promise<QuarantinedMail[]> {
    const table = await this.table.ready();
    const mails: QuarantinedMail[] = [];
    for await (const row of table.listEntities<{ doc: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${partition} and RowKey ge 'q|' and RowKey lt 'q}'` },
    }))
      mails.push(JSON.parse(row.doc) as QuarantinedMail);
    return mails;
  }

  async getQuarantine(id: string): Promise<QuarantinedMail | undefined> {
    if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
    const table = await this.table.ready();
    try {
      return JSON.parse((await table.getEntity<{ doc: string }>(partition, `q|${id}`)).doc) as QuarantinedMail;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async release(id: string): Promise<boolean> {
    const table = await this.table.ready();
    try {
      await table.deleteEntity(partition, `q|${id}`);
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }
}

const partition = 'mail';
const threadPartition = (ref: MailThreadRef): string => `thread|${ref.clientId}|${ref.number}`;

interface RecordRow {
  messageId: string;
  receivedAt: string;
  decision: string;
  state: 'pending' | 'done';
  ticketId?: string;
}

function recordOf(key: string, row: TableEntityResult<RecordRow>): MailRecord {
  return {
    key,
    messageId: row.messageId,
    receivedAt: row.receivedAt,
    decision: JSON.parse(row.decision) as MailDecision,
    state: row.state,
    ...(row.ticketId ? { ticketId: row.ticketId } : {}),
  };
}

/**
 * The desk's outbox: events of no client (`mail.quarantined`), kept in the `mail` table beside the
 * quarantine they announce (a Table transaction spans one partition of one table). The relay reads it
 * as the partition `~desk`, ticket 0 (`OutboxWithDesk`); each entry stands alone, so order is not kept.
 */
export class TableDeskOutbox implements Outbox {
  constructor(private readonly table: LazyTable) {}

  pendingForTickets(clientId: string): Promise<OutboxEntry[]> {
    return clientId === deskPartition ? this.pending(deskBatch) : Promise.resolve([]);
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const table = await this.table.ready();
    const entries: OutboxEntry[] = [];
    for await (const row of table.listEntities<{ doc: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${partition} and RowKey ge 'o|' and RowKey lt 'o}'` },
    })) {
      if (entries.length >= limit) break;
      entries.push({
        clientId: deskPartition,
        ticketNumber: 0,
        seq: entries.length + 1,
        event: JSON.parse(row.doc) as CloudEvent,
      });
    }
    return entries;
  }

  async remove(entries: readonly OutboxEntry[]): Promise<void> {
    const table = await this.table.ready();
    await Promise.all(
      entries
        .filter((e) => e.clientId === deskPartition)
        .map(async (e) => {
          try {
            await table.deleteEntity(partition, `o|${e.event.subject}`);
          } catch (error) {
            if (!isStatus(error, 404)) throw error;
          }
        }),
    );
  }
}

/** The desk's entries one relay publishes together; more wait for the next relay or sweep. */
const deskBatch = 200;
