import type { HistoryEvent } from './history-events';
import type { InstanceRecord, InstanceStore, StoredInstance } from './instance-store';
import { PendingInbox } from './pending-inbox';

/** What the engine holds of one instance between episodes. */
export interface InstanceState {
  record: InstanceRecord;
  /** The current execution's history; undefined for a finished instance until someone asks for it. */
  history: readonly HistoryEvent[] | undefined;
  readonly inbox: PendingInbox;
}

/**
 * Every instance of the task hub, in memory from start-up on. The local host is the only process
 * working on its task hub, so after the start-up scan this copy is exact: an episode reads nothing,
 * and an id that is not here does not exist. Storage stays the truth — every write is conditional on
 * the ETag held here, and a failed write drops the instance, which is read again (one partition query)
 * the next time it is used.
 */
export class InstanceCache {
  readonly #states = new Map<string, InstanceState>();
  readonly #loading = new Map<string, Promise<InstanceState | undefined>>();
  /** Ids dropped after a failed write. */
  readonly #stale = new Set<string>();
  /** Set by `adopt`: from then on, absence means no such instance. */
  #complete = false;

  constructor(
    private readonly store: InstanceStore,
    /** Called for an instance read after start-up (after a failed write), to re-arm its timers and inbox. */
    private readonly onReload: (state: InstanceState) => void,
  ) {}

  /** Takes over what the start-up scan found; returns the instances that exist. */
  adopt(stored: ReadonlyMap<string, StoredInstance>): InstanceState[] {
    const adopted: InstanceState[] = [];
    for (const [id, found] of stored) {
      if (!found.record) continue;
      const state = toState(found.record, found);
      this.#states.set(id, state);
      adopted.push(state);
    }
    this.#complete = true;
    return adopted;
  }

  async get(instanceId: string): Promise<InstanceState | undefined> {
    const state = this.#states.get(instanceId);
    if (state) return state;
    if (this.#complete && !this.#stale.has(instanceId)) return undefined;
    let loading = this.#loading.get(instanceId);
    if (!loading) {
      loading = this.#load(instanceId).finally(() => this.#loading.delete(instanceId));
      this.#loading.set(instanceId, loading);
    }
    return loading;
  }

  /** The instance's current history, read from storage for a finished one (kept out of memory). */
  async history(state: InstanceState): Promise<readonly HistoryEvent[]> {
    if (state.history) return state.history;
    return state.record.historyRows > 0
      ? this.store.readHistory(state.record.instanceId, state.record.executionId)
      : [];
  }

  put(state: InstanceState): void {
    this.#states.set(state.record.instanceId, state);
    this.#stale.delete(state.record.instanceId);
  }

  /** After a failed write: what is held may not match storage any more. */
  evict(instanceId: string): void {
    if (this.#states.delete(instanceId)) this.#stale.add(instanceId);
  }

  /** After a purge: the instance no longer exists. */
  forget(instanceId: string): void {
    this.#states.delete(instanceId);
    this.#stale.delete(instanceId);
  }

  /** Every known instance, when start-up has run; undefined before (the caller must ask storage). */
  records(): InstanceRecord[] | undefined {
    return this.#complete && this.#stale.size === 0 ? [...this.#states.values()].map((s) => s.record) : undefined;
  }

  async #load(instanceId: string): Promise<InstanceState | undefined> {
    const found = await this.store.loadPartition(instanceId);
    if (!found?.record) {
      this.#stale.delete(instanceId);
      return undefined;
    }
    const state = toState(found.record, found);
    this.put(state);
    if (this.#complete) this.onReload(state);
    return state;
  }
}

function toState(record: InstanceRecord, found: StoredInstance): InstanceState {
  return { record, history: found.history, inbox: new PendingInbox(found.inbox) };
}
