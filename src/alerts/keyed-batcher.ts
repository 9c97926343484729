interface Waiting<T, R> {
  readonly item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export interface KeyedBatcherOptions<T, R> {
  /** Most items handed to `run` at once. */
  readonly maxBatch: number;
  /** Whether `next` may be handled in the same batch as `first` (items are always taken in order). */
  joins(first: T, next: T): boolean;
  /** Handles a batch; returns one result per item, in order. */
  run(key: string, batch: readonly T[]): Promise<R[]>;
}

/**
 * Items with the same key are handled one batch at a time, in arrival order; items that arrive while
 * a batch runs wait and go together into the next. An alert storm on one key thus costs a handful of
 * writes instead of one contended ETag update per alert, and keys never wait for each other.
 */
export class KeyedBatcher<T, R> {
  readonly #queues = new Map<string, Waiting<T, R>[]>();

  constructor(private readonly options: KeyedBatcherOptions<T, R>) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.#queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.#queues.set(key, [{ item, resolve, reject }]);
      void this.#drain(key);
    });
  }

  async #drain(key: string): Promise<void> {
    const queue = this.#queues.get(key) ?? [];
    while (queue.length > 0) {
      const batch = this.#take(queue);
      try {
        const results = await this.options.run(
          key,
          batch.map((w) => w.item),
        );
        if (results.length !== batch.length)
          throw new Error(`Batch of ${batch.length} gave ${results.length} results.`);
        batch.forEach((w, i) => w.resolve(results[i] as R));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#queues.delete(key);
  }

  #take(queue: Waiting<T, R>[]): Waiting<T, R>[] {
    const first = queue[0];
    let size = 1;
    while (
      first &&
      size < queue.length &&
      size < this.options.maxBatch &&
      this.options.joins(first.item, (queue[size] as Waiting<T, R>).item)
    )
      size++;
    return queue.splice(0, size);
  }
}
