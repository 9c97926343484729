import { odata, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { getText, maxHistoryRowChars, putText } from './chunked-text';
import type { HistoryEvent } from './history-events';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated';

export const isTerminal = (status: RuntimeStatus): boolean => status === 'Completed' || status === 'Failed' || status === 'Terminated';

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
  readonly consumed?: string;
  readonly enqueue?: readonly { readonly rowKey: string; readonly message: InboxMessage }[];
}

const instanceRow = 'instance';
const inboxFrom = 'q-';
const inboxTo = 'q.';
const historyPrefix = (executionId: string): string => `h-${executionId}-`;
const historyRowKey = (executionId: string, index: number): string => `${historyPrefix(executionId)}${String(index).padStart(6, '0')}`;

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
 * history appended, inbox message consumed, status and pending timers updated — is one entity-group
 * transaction: it happens entirely or not at all.
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
      if ((error as { statusCode?: number }).statusCode !== 409) throw error;
    }
  }

  async read(instanceId: string): Promise<InstanceRecord | undefined> {
    try {
      return toRecord(await this.#table.getEntity<Record<string, unknown>>(instanceId, instanceRow));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async list(): Promise<InstanceRecord[]> {
    const out: InstanceRecord[] = [];
    const rows = this.#table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`RowKey eq ${instanceRow}` } });
    for await (const row of rows) out.push(toRecord(row));
    return out;
  }

  async readHistory(instanceId: string, executionId: string): Promise<HistoryEvent[]> {
    const prefix = historyPrefix(executionId);
    const rows = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${instanceId} and RowKey ge ${prefix} and RowKey lt ${`${prefix}~`}` },
    });
    const found: { key: string; events: HistoryEvent[] }[] = [];
    for await (const row of rows) found.push({ key: String(row.rowKey), events: JSON.parse(getText(row, 'events') ?? '[]') as HistoryEvent[] });
    found.sort((a, b) => (a.key < b.key ? -1 : 1));
    return found.flatMap((row) => row.events);
  }

  /** Pending messages, the start of a new execution first, then in arrival order. */
  async readInbox(instanceId: string): Promise<InboxEntry[]> {
    const rows = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${instanceId} and RowKey ge ${inboxFrom} and RowKey lt ${inboxTo}` },
    });
    const out: InboxEntry[] = [];
    for await (const row of rows) {
      out.push({ rowKey: String(row.rowKey), seq: String(row.seq), message: JSON.parse(getText(row, 'message') ?? 'null') as InboxMessage });
    }
    const rank = (e: InboxEntry): string => `${e.message.kind === 'start' ? '0' : '1'}${e.seq}`;
    return out.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  }

  /** Instances with messages waiting (after a restart). */
  async instancesWithInbox(): Promise<string[]> {
    const ids = new Set<string>();
    const rows = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`RowKey ge ${inboxFrom} and RowKey lt ${inboxTo}`, select: ['PartitionKey'] },
    });
    for await (const row of rows) ids.add(String(row.partitionKey));
    return [...ids];
  }

  async hasInbox(instanceId: string, rowKey: string): Promise<boolean> {
    try {
      await this.#table.getEntity(instanceId, rowKey, { queryOptions: { select: ['RowKey'] } });
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  }

  /** Adds a message; false when one with this key is already there (results and timers are keyed to be idempotent). */
  async enqueue(instanceId: string, rowKey: string, message: InboxMessage): Promise<boolean> {
    try {
      await this.#table.createEntity(inboxEntity(instanceId, rowKey, message));
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 409) return false;
      throw error;
    }
  }

  /** Writes one step atomically; returns the record with its new ETag. */
  async commit(step: StepCommit): Promise<InstanceRecord> {
    const rows = step.append && step.append.events.length > 0 ? historyRows(step.append.events) : [];
    const record: InstanceRecord = step.append ? { ...step.record, historyRows: step.append.firstRow + rows.length } : step.record;
    const actions: TransactionAction[] = [
      record.etag ? ['update', toEntity(record), 'Replace', { etag: record.etag }] : ['create', toEntity(record)],
    ];
    rows.forEach((events, i) => {
      const row: TableEntity<Record<string, unknown>> = { partitionKey: record.instanceId, rowKey: historyRowKey(record.executionId, step.append!.firstRow + i) };
      putText(row, 'events', JSON.stringify(events));
      actions.push(['create', row]);
    });
    if (step.consumed) actions.push(['delete', { partitionKey: record.instanceId, rowKey: step.consumed }]);
    for (const item of step.enqueue ?? []) actions.push(['create', inboxEntity(record.instanceId, item.rowKey, item.message)]);
    if (actions.length > 100) throw new Error(`A step of ${record.instanceId} needs ${actions.length} writes; one transaction holds 100.`);
    const response = await this.#table.submitTransaction(actions);
    return { ...record, etag: response.subResponses[0]?.etag ?? record.etag };
  }

  /** Drops just an inbox message that turned out to be stale (old execution, finished instance). */
  async discard(instanceId: string, rowKey: string): Promise<void> {
    try {
      await this.#table.deleteEntity(instanceId, rowKey);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }

  /** Deletes every row of the instance's partition (purge). */
  async deletePartition(instanceId: string): Promise<void> {
    await this.#deleteWhere(odata`PartitionKey eq ${instanceId}`, instanceId);
  }

  /** Deletes history rows of executions other than the current one (left by continue-as-new or a restart). */
  async deleteStaleHistory(instanceId: string, currentExecutionId: string): Promise<void> {
    const current = historyPrefix(currentExecutionId);
    const rows = this.#table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${instanceId} and RowKey ge ${'h-'} and RowKey lt ${'h.'}`, select: ['RowKey'] },
    });
    const stale: string[] = [];
    for await (const row of rows) if (!String(row.rowKey).startsWith(current)) stale.push(String(row.rowKey));
    await this.#deleteRows(instanceId, stale);
  }

  async #deleteWhere(filter: string, instanceId: string): Promise<void> {
    const keys: string[] = [];
    for await (const row of this.#table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) keys.push(String(row.rowKey));
    await this.#deleteRows(instanceId, keys);
  }

  async #deleteRows(instanceId: string, rowKeys: readonly string[]): Promise<void> {
    for (let i = 0; i < rowKeys.length; i += 100) {
      const batch = rowKeys.slice(i, i + 100).map((rowKey): TransactionAction => ['delete', { partitionKey: instanceId, rowKey }]);
      await this.#table.submitTransaction(batch);
    }
  }
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

function inboxEntity(instanceId: string, rowKey: string, message: InboxMessage): TableEntity<Record<string, unknown>> {
  const entity: TableEntity<Record<string, unknown>> = { partitionKey: instanceId, rowKey, seq: nextSeq() };
  putText(entity, 'message', JSON.stringify(message));
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
  putText(entity, 'timers', JSON.stringify(record.timers));
  putText(entity, 'input', record.inputJson);
  putText(entity, 'output', record.outputJson);
  putText(entity, 'customStatus', record.customStatusJson);
  return entity;
}

function toRecord(entity: Record<string, unknown>): InstanceRecord {
  const inputJson = getText(entity, 'input');
  const outputJson = getText(entity, 'output');
  const customStatusJson = getText(entity, 'customStatus');
  return {
    instanceId: String(entity.partitionKey),
    name: String(entity.name),
    runtimeStatus: String(entity.runtimeStatus) as RuntimeStatus,
    createdTime: String(entity.createdTime),
    lastUpdatedTime: String(entity.lastUpdatedTime),
    executionId: String(entity.executionId),
    historyRows: Number(entity.historyRows ?? 0),
    timers: JSON.parse(getText(entity, 'timers') ?? '[]') as PendingTimer[],
    ...(inputJson === undefined ? {} : { inputJson }),
    ...(outputJson === undefined ? {} : { outputJson }),
    ...(customStatusJson === undefined ? {} : { customStatusJson }),
    ...(typeof entity.etag === 'string' ? { etag: entity.etag } : {}),
  };
}
