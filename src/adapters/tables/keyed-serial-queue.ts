/**
 * Runs tasks that share a key one after another. Ticket numbers of one client are allocated through a
 * single ETag-guarded counter; serialising this process's own writers removes most of the 412 retries
 * that concurrent creates would otherwise cause (other processes are still caught by the ETag).
 */
export class KeyedSerialQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
