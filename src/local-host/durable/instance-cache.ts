import type { HistoryEvent } from './history-events';
import type { InstanceRecord, InstanceStore } from './instance-store';

export interface LoadedInstance {
  readonly record: InstanceRecord;
  /** The current execution's history. */
  readonly history: readonly HistoryEvent[];
}

/**
 * Instances the engine is working on, kept in memory between steps so a step reads storage once (its
 * inbox) instead of re-reading the whole history. Storage stays the truth: every write is conditional on
 * the cached ETag, and a failed write evicts the entry.
 */
export class InstanceCache {
  readonly #entries = new Map<string, LoadedInstance>();

  /** `capacity` bounds memory on a long-running host; an evicted instance is simply read again. */
  constructor(
    private readonly store: InstanceStore,
    private readonly capacity = 2000,
  ) {}

  async get(instanceId: string): Promise<LoadedInstance | undefined> {
    const cached = this.#entries.get(instanceId);
    if (cached) {
      // Most recently used last, so the first entry is the one to evict.
      this.#entries.delete(instanceId);
      this.#entries.set(instanceId, cached);
      return cached;
    }
    const record = await this.store.read(instanceId);
    if (!record) return undefined;
    const history = record.historyRows > 0 ? await this.store.readHistory(instanceId, record.executionId) : [];
    const loaded = { record, history };
    this.put(loaded);
    return loaded;
  }

  put(loaded: LoadedInstance): void {
    this.#entries.delete(loaded.record.instanceId);
    this.#entries.set(loaded.record.instanceId, loaded);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  evict(instanceId: string): void {
    this.#entries.delete(instanceId);
  }
}
