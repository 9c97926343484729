import { odata, type TableEntityResult } from '@azure/data-tables';
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
 * - `mail` / `lg|{sha256(ticket|sender)}`: the loop guard's recent instants, replaced under its ETag.
 */
export class TableMailStore implements MailStore {
  constructor(private readonly table: LazyTable) {}

  async record(
    record: MailRecord,
    quarantined?: QuarantinedMail,
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
