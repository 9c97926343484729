import { odata, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { isStatus } from '../../src/adapters/tables/table-clients';
import { putTextColumns, readTextColumns } from '../../src/adapters/tables/long-text-columns';
import { maxHistoryRowChars } from './payload-limits';
import type { HistoryEvent } from './history-events';
import { submitTransaction } from '../../src/adapters/tables/table-transaction';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated';

export const isTerminal = (status: RuntimeStatus): boolean =>
  status === 'Completed' || status === 'Failed' || status === 'Terminated';

export interface PendingTimer {
  readonly timerId: number;
  readonly fireAt: string;
}

/** One orchestration instance's status row. Input, output and custom status are JSON text. */
export interface InstanceRecord {
  readonly instanceId: string;
  readonly name: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  /** Changes at every start and continue-as-new; history rows, timers and task results carry it. */
  readonly executionId: string;
  /** How many history rows the current execution has (the next row's index). */
  readonly historyRows: number;
  readonly timers: readonly PendingTimer[];
  readonly inputJson?: string;
  readonly outputJson?: string;
  readonly customStatusJson?: string;
  /** The stored row's ETag; every write is conditional on it, so a second host on the same storage fails loudly. */
  readonly etag?: string;
}

/** Work waiting for an instance, persisted before it is acted on. */
export type InboxMessage =
  | { readonly kind: 'start'; readonly executionId: string }
  | { readonly kind: 'event'; readonly event: HistoryEvent; readonly executionId?: string }
  | { readonly kind: 'terminate'; readonly reason: string };

export interface InboxEntry {
  readonly rowKey: string;
  readonly seq: string;
  readonly message: InboxMessage;
}

export interface StepCommit {
  readonly record: InstanceRecord;
  /** Events to append to the record's current execution, starting at `firstRow`. */
  readonly append?: { readonly firstRow: number; readonly events: readonly HistoryEvent[] };
  /** Inbox rows this step consumed. */
  readonly consumed?: string | readonly string[];
  readonly enqueue?: readonly { readonly rowKey: string; readonly message: InboxMessage; readonly seq?: string }[];
  /** Other rows of the partition to delete with the step (history of an execution that just ended). */
  readonly drop?: readonly string[];
}

/** Everything one partition holds, as start-up or a reload after a failed write finds it. */
export interface StoredInstance {
  /** Undefined when only leftovers remain (rows of a purge that did not finish). */
  readonly record: InstanceRecord | undefined;
  /** The current execution's history; undefined for a finished instance (read when someone asks). */
  readonly history: HistoryEvent[] | undefined;
  readonly inbox: InboxEntry[];
  /** History rows of other executions (continue-as-new, restarted ids) that can go. */
  readonly staleRows: string[];
}

/** One transaction holds at most 100 operations. */
export const maxTransactionActions = 100;

const instanceRow = 'instance';
const inboxFrom = 'q-';
const inboxTo = 'q.';
const historyPrefix = (executionId: string): string => `h-${executionId}-`;
const historyRowKey = (executionId: string, index: number): string =>
  `${historyPrefix(executionId)}${String(index).padStart(6, '0')}`;

/** The row keys of an execution's history, known from the record's row count without a query. */
export const historyRowKeys = (executionId: string, rows: number): string[] =>
  Array.from({ length: rows }, (_, i) => historyRowKey(executionId, i));

let seqCounter = 0;
/** Monotonic across restarts (wall time) and within a millisecond (counter): inbox order is arrival order. */
export function nextSeq(): string {
  seqCounter = (seqCounter + 1) % 1_000_000;
  return `${String(Date.now()).padStart(15, '0')}${String(seqCounter).padStart(6, '0')}`;
}

export const inboxKeys = {
  start: (executionId: string) => `q-s-${executionId}`,
  activityResult: (executionId: string, taskId: number) => `q-r-${executionId}-${taskId}`,
  timerFired: (executionId: string, timerId: number) => `q-t-${executionId}-${timerId}`,
  externalEvent: (seq: string) => `q-e-${seq}-${Math.random().toString(36).slice(2, 8)}`,
  terminate: (seq: string) => `q-x-${seq}`,
};

/**
 * Everything the engine persists, in one table with one partition per instance, so that each step —
 * history appended, inbox messages consumed, status and pending timers updated — is one entity-group
 * transaction: it happens entirely or not at all.
 *
 * Reads happen at start-up (one scan of the table) and after a failed write (one query of the
 * partition); in steady state the engine only writes.
 */
export class InstanceStore {
  readonly #table: TableClient;

  constructor(connectionString: string, tableName: string) {
    this.#table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  }

  async ensureTable(): Promise<void> {
    try {
      await this.#table.createTable();
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  }

  async read(instanceId: string): Promise<InstanceRecord | undefined> {
    try {
      return toRecord(await this.#table.getEntity<Record<string, unknown>>(instanceId, instanceRow));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async list(): Promise<InstanceRecord[]> {
    const out: InstanceRecord[] = [];
    const rows = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`RowKey eq ${instanceRow}` },
    });
    for await (const row of rows) out.push(toRecord(row));
    return out;
  }

  async readHistory(instanceId: string, executionId: string): Promise<HistoryEvent[]> {
    const prefix = historyPrefix(executionId);
    const rows = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: {
        filter: odata`PartitionKey eq ${instanceId} and RowKey ge ${prefix} and RowKey lt ${`${prefix}~`}`,
      },
    });
    const found: Record<string, unknown>[] = [];
    for await (const row of rows) found.push(row);
    return parseHistory(found);
  }

  /** Every instance of the task hub with its history, inbox and leftovers: one paged scan. */
  async loadAll(): Promise<Map<string, StoredInstance>> {
    return groupPartitions(this.#table.listEntities<Record<string, unknown>>());
  }

  /** One instance, as `loadAll` would find it; undefined when its partition is empty. */
  async loadPartition(instanceId: string): Promise<StoredInstance | undefined> {
    const rows = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${instanceId}` },
    });
    return (await groupPartitions(rows)).get(instanceId);
  }

  /**
   * Adds a message; undefined when one with this key is already there (results and timers are keyed to
   * be idempotent). Returns the stored entry so the caller can track it without reading it back.
   */
  async enqueue(instanceId: string, rowKey: string, message: InboxMessage): Promise<InboxEntry | undefined> {
    const entity = inboxEntity(instanceId, rowKey, message);
    try {
      await this.#table.createEntity(entity);
      return { rowKey, seq: String(entity.seq), message };
    } catch (error) {
      if (isStatus(error, 409)) return undefined;
      throw error;
    }
  }

  /** Writes one step atomically; returns the record with its new ETag. */
  async commit(step: StepCommit): Promise<InstanceRecord> {
    const rows = step.append && step.append.events.length > 0 ? historyRows(step.append.events) : [];
    const record: InstanceRecord = step.append
      ? { ...step.record, historyRows: step.append.firstRow + rows.length }
      : step.record;
    const actions: TransactionAction[] = [
      record.etag ? ['update', toEntity(record), 'Replace', { etag: record.etag }] : ['create', toEntity(record)],
    ];
    rows.forEach((events, i) => {
      const row: TableEntity<Record<string, unknown>> = {
        partitionKey: record.instanceId,
        rowKey: historyRowKey(record.executionId, step.append!.firstRow + i),
      };
      putTextColumns(row, 'events', JSON.stringify(events));
      actions.push(['create', row]);
    });
    const consumed = typeof step.consumed === 'string' ? [step.consumed] : (step.consumed ?? []);
    for (const rowKey of [...consumed, ...(step.drop ?? [])])
      actions.push(['delete', { partitionKey: record.instanceId, rowKey }]);
    for (const item of step.enqueue ?? [])
      actions.push(['create', inboxEntity(record.instanceId, item.rowKey, item.message, item.seq)]);
    if (actions.length > maxTransactionActions)
      throw new Error(
        `A step of ${record.instanceId} needs ${actions.length} writes; one transaction holds ${maxTransactionActions}.`,
      );
    const response = await submitTransaction(this.#table, actions);
    return { ...record, etag: response.subResponses[0]?.etag ?? record.etag };
  }

  /** Deletes every row of the instance's partition (purge). */
  async deletePartition(instanceId: string): Promise<void> {
    const keys: string[] = [];
    const rows = this.#table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${instanceId}`, select: ['RowKey'] },
    });
    for await (const row of rows) keys.push(String(row.rowKey));
    await this.deleteRows(instanceId, keys);
  }

  /** Deletes rows of one partition, up to 100 per transaction (stale messages, old executions' history). */
  async deleteRows(instanceId: string, rowKeys: readonly string[]): Promise<void> {
    for (let i = 0; i < rowKeys.length; i += maxTransactionActions) {
      const batch = rowKeys
        .slice(i, i + maxTransactionActions)
        .map((rowKey): TransactionAction => ['delete', { partitionKey: instanceId, rowKey }]);
      await submitTransaction(this.#table, batch);
    }
  }
}

/** Sorts a partition's rows into record, current history, inbox and leftovers. */
async function groupPartitions(rows: AsyncIterable<Record<string, unknown>>): Promise<Map<string, StoredInstance>> {
  const raw = new Map<string, { record?: InstanceRecord; history: Record<string, unknown>[]; inbox: InboxEntry[] }>();
  for await (const row of rows) {
    const id = String(row.partitionKey);
    const rowKey = String(row.rowKey);
    let part = raw.get(id);
    if (!part) raw.set(id, (part = { history: [], inbox: [] }));
    if (rowKey === instanceRow) part.record = toRecord(row);
    else if (rowKey.startsWith('h-')) part.history.push(row);
    else if (rowKey >= inboxFrom && rowKey < inboxTo)
      part.inbox.push({
        rowKey,
        seq: String(row.seq),
        message: JSON.parse(readTextColumns(row, 'message') ?? 'null') as InboxMessage,
      });
  }
  const out = new Map<string, StoredInstance>();
  for (const [id, part] of raw) {
    const { record } = part;
    const current = record ? historyPrefix(record.executionId) : undefined;
    const mine = part.history.filter((row) => current !== undefined && String(row.rowKey).startsWith(current));
    const staleRows = part.history
      .filter((row) => current === undefined || !String(row.rowKey).startsWith(current))
      .map((row) => String(row.rowKey));
    // A finished instance's history is only needed if someone asks for it; not holding it keeps memory flat.
    const history = record && !isTerminal(record.runtimeStatus) ? parseHistory(mine) : undefined;
    out.set(id, { record, history, inbox: part.inbox, staleRows });
  }
  return out;
}

function parseHistory(rows: readonly Record<string, unknown>[]): HistoryEvent[] {
  const sorted = [...rows].sort((a, b) => (String(a.rowKey) < String(b.rowKey) ? -1 : 1));
  return sorted.flatMap((row) => JSON.parse(readTextColumns(row, 'events') ?? '[]') as HistoryEvent[]);
}

/** Packs a step's events into as few rows as the per-entity limit allows. */
function historyRows(events: readonly HistoryEvent[]): HistoryEvent[][] {
  const rows: HistoryEvent[][] = [[]];
  let size = 0;
  for (const event of events) {
    const length = JSON.stringify(event).length;
    if (size + length > maxHistoryRowChars && rows[rows.length - 1]!.length > 0) {
      rows.push([]);
      size = 0;
    }
    rows[rows.length - 1]!.push(event);
    size += length;
  }
  return rows;
}

function inboxEntity(
  instanceId: string,
  rowKey: string,
  message: InboxMessage,
  seq = nextSeq(),
): TableEntity<Record<string, unknown>> {
  const entity: TableEntity<Record<string, unknown>> = { partitionKey: instanceId, rowKey, seq };
  putTextColumns(entity, 'message', JSON.stringify(message));
  return entity;
}

function toEntity(record: InstanceRecord): TableEntity<Record<string, unknown>> {
  const entity: TableEntity<Record<string, unknown>> = {
    partitionKey: record.instanceId,
    rowKey: instanceRow,
    name: record.name,
    runtimeStatus: record.runtimeStatus,
    createdTime: record.createdTime,
    lastUpdatedTime: record.lastUpdatedTime,
    executionId: record.executionId,
    historyRows: record.historyRows,
  };
  putTextColumns(entity, 'timers', JSON.stringify(record.timers));
  putTextColumns(entity, 'input', record.inputJson);
  putTextColumns(entity, 'output', record.outputJson);
  putTextColumns(entity, 'customStatus', record.customStatusJson);
  return entity;
}

function toRecord(entity: Record<string, unknown>): InstanceRecord {
  const inputJson = readTextColumns(entity, 'input');
  const outputJson = readTextColumns(entity, 'output');
  const customStatusJson = readTextColumns(entity, 'customStatus');
  return {
    instanceId: String(entity.partitionKey),
    name: String(entity.name),
    runtimeStatus: String(entity.runtimeStatus) as RuntimeStatus,
    createdTime: String(entity.createdTime),
    lastUpdatedTime: String(entity.lastUpdatedTime),
    executionId: String(entity.executionId),
    historyRows: Number(entity.historyRows ?? 0),
    timers: JSON.parse(readTextColumns(entity, 'timers') ?? '[]') as PendingTimer[],
    ...(inputJson === undefined ? {} : { inputJson }),
    ...(outputJson === undefined ? {} : { outputJson }),
    ...(customStatusJson === undefined ? {} : { customStatusJson }),
    ...(typeof entity.etag === 'string' ? { etag: entity.etag } : {}),
  };
}
