import { KeyedSerialQueue } from '../../src/concurrency/keyed-serial-queue';

/**
 * Knows every piece of engine work under way (orchestrator steps, activities), so `settled()` can
 * wait until there is none, and runs work for one key (an instance) strictly one after another.
 */
export class WorkTracker {
  readonly #running = new Set<Promise<unknown>>();
  readonly #perKey = new KeyedSerialQueue();

  /** Counts `work` as under way until it ends; failures are reported to `onError`, never thrown. */
  track(work: Promise<unknown>, onError: (error: unknown) => void): void {
    const tracked = work.catch(onError).finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
  }

  /** Resolves once nothing is under way, including work that the awaited work started. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  get busy(): boolean {
    return this.#running.size > 0;
  }

  /** Runs `task` after every earlier task of the same key has finished. */
  serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.#perKey.run(key, task);
  }
}
