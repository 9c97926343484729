import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { deskPartition, type CloudEvent } from '../../domain/events/cloud-event';
import type { Outbox, OutboxEntry } from '../../ports/outbox';
import { loopGuardWindow } from '../../domain/mail/inbound-mail';
import { ticketNamedBy } from '../../domain/mail/desk-message-id';
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
 * - `mail` / `th|{sha256(Message-ID)}`: the ticket a Message-ID belongs to, for ids that do not name their
 *   ticket (mail taken by the intake, the desk's own mail sent before its ids named their ticket);
 * - `thread|{clientId}|{number}` / `m|{sha256(Message-ID)}` with `at`: a ticket's thread, for `References`
 *   (ordered by `at` when read) and to confirm a desk Message-ID that names the ticket; rows written before
 *   that are keyed `{at}|{sha256(Message-ID)}` and still read;
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
    // The newest references first: a reply's In-Reply-To is the likeliest hit. Bounded: 20 ids.
    for (const id of [...new Set(messageIds)].slice(0, 20)) {
      // A desk Message-ID names its ticket, but anyone can write such an id: it counts only once found in
      // that ticket's thread (a point read). Not found there, it may still have been taken into another
      // ticket by the intake, which indexes it under `th|` like any id that names no ticket.
      const named = ticketNamedBy(id);
      if (named && (await this.#inThread(table, named, id))) return named;
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
    const named = ticketNamedBy(messageId);
    if (named && sameTicket(named, ref)) {
      // The desk's own mail about this ticket: the thread row alone finds it (`findThread` confirms the
      // id there), one write. Created, not upserted: a retried send keeps the first row and its place.
      await this.#addThreadRow(table, ref, hash, messageId);
      return;
    }
    // Already in the thread of the ticket it names: that ticket keeps it (the first ticket it joined).
    if (named && (await this.#inThread(table, named, messageId))) return;
    try {
      await table.createEntity({ partitionKey: partition, rowKey: `th|${hash}`, ...ref, messageId });
    } catch (error) {
      // Already in a thread: the first ticket it joined keeps it.
      if (isStatus(error, 409)) return;
      throw error;
    }
    await this.#addThreadRow(table, ref, hash, messageId);
  }

  async thread(ref: MailThreadRef): Promise<string[]> {
    const table = await this.table.ready();
    const rows: { at: string; messageId: string }[] = [];
    const pk = threadPartition(ref);
    for await (const row of table.listEntities<{ messageId: string; at?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${pk}`, select: ['messageId', 'at', 'RowKey'] },
    }))
      // Rows written before `m|` keys carry their instant in the key: `{at}|{hash}`.
      rows.push({ at: row.at ?? (row.rowKey ?? '').split('|')[0] ?? '', messageId: row.messageId });
    // The key is the id's hash (a point read for `findThread`), so the order is the `at` written with it;
    // a stable sort keeps rows of the same millisecond as the query returned them.
    return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((row) => row.messageId);
  }

  /**
   * The thread row is keyed by the Message-ID's hash alone, not by when it joined: that makes the
   * confirmation of a desk id a point read (rather than a query of the partition) and a repeated add one
   * 409 rather than a second row. `thread()` reads the whole partition anyway, so it sorts by `at`.
   */
  async #addThreadRow(table: TableClient, ref: MailThreadRef, hash: string, messageId: string): Promise<void> {
    try {
      await table.createEntity({
        partitionKey: threadPartition(ref),
        rowKey: `m|${hash}`,
        at: this.#nextAt(),
        messageId,
      });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  }

  #lastAt = 0;

  /** Strictly increasing within the process, so two ids this process adds in one millisecond keep their order. */
  #nextAt(): string {
    this.#lastAt = Math.max(Date.now(), this.#lastAt + 1);
    return new Date(this.#lastAt).toISOString();
  }

  async #inThread(table: TableClient, ref: MailThreadRef, messageId: string): Promise<boolean> {
    try {
      const row = await table.getEntity<{ messageId: string }>(threadPartition(ref), `m|${rowKeyHash(messageId)}`);
      return row.messageId === messageId;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
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
const sameTicket = (a: MailThreadRef, b: MailThreadRef): boolean => a.clientId === b.clientId && a.number === b.number;

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
