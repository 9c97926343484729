/**
 * Runs at most `limit` tasks at a time, the rest in arrival order. Azurite handles one request at a
 * time, so thousands of episodes or activities started together (a virtual day's timers) would only
 * queue up inside it, holding memory and sockets; a bounded number in flight keeps it busy and no more.
 */
export class ConcurrencyLimit {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`A concurrency limit must be at least 1, not ${limit}.`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}
