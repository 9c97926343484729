import { randomUUID } from 'node:crypto';
import { assertPayloadSize } from './payload-limits';
import type { EngineContext } from './engine-context';
import { eventRaised } from './history-events';
import {
  historyRowKeys,
  inboxKeys,
  isTerminal,
  maxTransactionActions,
  nextSeq,
  type InboxMessage,
  type InstanceRecord,
  type RuntimeStatus,
} from './instance-store';
import { PendingInbox } from './pending-inbox';
import { newExecutionId } from './instance-stepper';

/** The outcome of a client operation, as the Durable HTTP API reports it. */
export type OperationResult<T = undefined> =
  | { readonly ok: true; readonly status: number; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly title: string; readonly detail: string };

const fail = (status: number, title: string, detail: string): OperationResult<never> => ({
  ok: false,
  status,
  title,
  detail,
});

/** Table keys forbid `/ \ # ?` and control characters; Durable instance ids are short strings anyway. */
export function invalidInstanceId(instanceId: string): string | undefined {
  if (instanceId.length === 0 || instanceId.length > 256) return 'An instance id has 1 to 256 characters.';
  // eslint-disable-next-line no-control-regex
  if (/[/\\#?\u0000-\u001f\u007f-\u009f]/.test(instanceId))
    return 'An instance id cannot contain /, \\, #, ? or control characters.';
  return undefined;
}

export interface StatusFilter {
  readonly runtimeStatus?: readonly string[];
  readonly createdTimeFrom?: Date;
  readonly createdTimeTo?: Date;
  readonly instanceIdPrefix?: string;
}

/** What the durable client can ask of instances: start, raise an event, terminate, read, purge. */
export class InstanceOperations {
  constructor(private readonly ctx: EngineContext) {}

  /**
   * Starts `name` as `instanceId`. An id whose instance is still Pending or Running is refused (409):
   * the behaviour of Durable's `NonRunningStates` setting, which makes singleton orchestrations safe.
   * A finished instance with that id is replaced by a fresh one.
   */
  async startNew(
    name: string,
    instanceId: string | undefined,
    inputJson: string | undefined,
  ): Promise<OperationResult<InstanceRecord>> {
    const fn = this.ctx.registry.get(name);
    if (!fn || fn.trigger.type !== 'orchestrationTrigger') {
      return fail(
        400,
        'Not an orchestrator',
        `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      );
    }
    const id = instanceId ?? randomUUID().replace(/-/g, '');
    const invalid = invalidInstanceId(id);
    if (invalid) return fail(400, 'Invalid instance id', invalid);
    try {
      assertPayloadSize('The orchestration input', inputJson);
    } catch (error) {
      return fail(413, 'Payload too large', (error as Error).message);
    }
    return this.ctx.work.serialize(id, async () => {
      const existing = await this.ctx.cache.get(id);
      if (existing && !isTerminal(existing.record.runtimeStatus)) {
        return fail(
          409,
          'Instance already running',
          `An instance with ID '${id}' is ${existing.record.runtimeStatus}; it must finish (or be terminated) before the id is reused.`,
        );
      }
      const now = this.ctx.clock.now().toISOString();
      const executionId = newExecutionId();
      const record: InstanceRecord = {
        instanceId: id,
        name,
        runtimeStatus: 'Pending',
        createdTime: now,
        lastUpdatedTime: now,
        executionId,
        historyRows: 0,
        timers: [],
        ...(inputJson === undefined ? {} : { inputJson }),
        ...(existing?.record.etag ? { etag: existing.record.etag } : {}),
      };
      const start = {
        rowKey: inboxKeys.start(executionId),
        seq: nextSeq(),
        message: { kind: 'start' as const, executionId },
      };
      // A replaced instance's old history goes in the same transaction when it fits.
      const oldRows = existing ? historyRowKeys(existing.record.executionId, existing.record.historyRows) : [];
      const drop = oldRows.length + 2 <= maxTransactionActions ? oldRows : [];
      const saved = await this.ctx.store.commit({ record, enqueue: [start], drop });
      // Messages still waiting for the old instance stay queued, as their rows do.
      const inbox = existing?.inbox ?? new PendingInbox();
      inbox.add(start);
      this.ctx.cache.put({ record: saved, history: [], inbox });
      if (drop.length < oldRows.length) this.ctx.dropHistory(id, oldRows);
      this.ctx.pump(id);
      return { ok: true, status: 202, value: saved };
    });
  }

  /** Queues the event; it reaches the orchestrator (now or in a later execution) exactly once. */
  async raiseEvent(instanceId: string, eventName: string, inputJson: string | undefined): Promise<OperationResult> {
    try {
      assertPayloadSize(`The payload of event '${eventName}'`, inputJson);
    } catch (error) {
      return fail(413, 'Payload too large', (error as Error).message);
    }
    const found = await this.#active(instanceId);
    if (!found.ok) return found;
    const event = eventRaised(this.ctx.clock.now(), eventName, inputJson);
    await this.#enqueue(instanceId, inboxKeys.externalEvent(nextSeq()), { kind: 'event', event });
    return { ok: true, status: 202, value: undefined };
  }

  async terminate(instanceId: string, reason: string): Promise<OperationResult> {
    const found = await this.#active(instanceId);
    if (!found.ok) return found;
    await this.#enqueue(instanceId, inboxKeys.terminate(nextSeq()), { kind: 'terminate', reason });
    return { ok: true, status: 202, value: undefined };
  }

  async status(
    instanceId: string,
    withHistory = true,
  ): Promise<{ record: InstanceRecord; history: readonly unknown[] | undefined } | undefined> {
    if (invalidInstanceId(instanceId)) return undefined;
    const loaded = await this.ctx.cache.get(instanceId);
    if (!loaded) return undefined;
    return { record: loaded.record, history: withHistory ? await this.ctx.cache.history(loaded) : undefined };
  }

  async list(filter: StatusFilter): Promise<InstanceRecord[]> {
    const wanted = filter.runtimeStatus && filter.runtimeStatus.length > 0 ? new Set(filter.runtimeStatus) : undefined;
    const records = this.ctx.cache.records() ?? (await this.ctx.store.list());
    return records.filter((r) => {
      const created = Date.parse(r.createdTime);
      return (
        (!wanted || wanted.has(r.runtimeStatus)) &&
        (!filter.createdTimeFrom || created >= filter.createdTimeFrom.getTime()) &&
        (!filter.createdTimeTo || created <= filter.createdTimeTo.getTime()) &&
        (!filter.instanceIdPrefix || r.instanceId.startsWith(filter.instanceIdPrefix))
      );
    });
  }

  /** Deletes a finished instance with its history; running instances must be terminated first. */
  async purge(instanceId: string): Promise<OperationResult<number>> {
    if (invalidInstanceId(instanceId)) return fail(404, 'Not found', `No instance with ID '${instanceId}' found.`);
    return this.ctx.work.serialize(instanceId, async () => {
      const loaded = await this.ctx.cache.get(instanceId);
      if (!loaded) return fail(404, 'Not found', `No instance with ID '${instanceId}' found.`);
      if (!isTerminal(loaded.record.runtimeStatus)) {
        return fail(
          409,
          'Instance still running',
          `Instance '${instanceId}' is ${loaded.record.runtimeStatus}; only finished instances can be purged.`,
        );
      }
      await this.ctx.store.deletePartition(instanceId);
      this.ctx.cache.forget(instanceId);
      return { ok: true, status: 200, value: 1 };
    });
  }

  /** Makes the message durable, then hands it to the instance's next episode. */
  async #enqueue(instanceId: string, rowKey: string, message: InboxMessage): Promise<void> {
    const entry = await this.ctx.store.enqueue(instanceId, rowKey, message);
    const state = entry && (await this.ctx.cache.get(instanceId));
    if (entry && state) state.inbox.add(entry);
    this.ctx.pump(instanceId);
  }

  async #active(instanceId: string): Promise<OperationResult> {
    if (invalidInstanceId(instanceId)) return fail(404, 'Not found', `No instance with ID '${instanceId}' found.`);
    const loaded = await this.ctx.cache.get(instanceId);
    if (!loaded) return fail(404, 'Not found', `No instance with ID '${instanceId}' found.`);
    const status: RuntimeStatus = loaded.record.runtimeStatus;
    if (isTerminal(status)) return fail(410, 'Instance finished', `Instance '${instanceId}' is ${status}.`);
    return { ok: true, status: 200, value: undefined };
  }
}
