/** What a background task is told when its turn comes. */
export interface BackgroundTurn {
  /** Requests are still under way and the wait ran out: take a small share of the work and ask again. */
  readonly forced: boolean;
}

/**
 * Requests first, background work after. On the local host the requests, the outbox relay, the topic
 * pump, the deliverers, the Durable engine and Azurite share one machine; in Azure the deliverers and
 * orchestrations run on their own instances and the topic and task hub elsewhere. So that a burst of
 * requests is answered at the speed its own work allows, the relay and the topic pump wait for a turn:
 * at once when no request is under way, otherwise when the last one ends or after `maxDeferMs`, when
 * they take a small share and ask again. Nothing is dropped: the outbox and the queues hold what waits,
 * and under steady load the background still moves every `maxDeferMs`.
 *
 * Only requests from outside count: the host's calls to itself (the app's Durable client) and the dev
 * routes that wait for background work (`/api/dev/clock`, `/api/dev/topic/drain`) are not requests to
 * give way to.
 */
export class ForegroundRequests {
  #inFlight = 0;
  readonly #waiters = new Set<() => void>();

  constructor(private readonly maxDeferMs: number) {}

  /** Counts a request from now until `end` is called (once). */
  begin(): () => void {
    this.#inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#inFlight--;
      if (this.#inFlight === 0) for (const wake of [...this.#waiters]) wake();
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves when background work may run (see the class comment). */
  turn(): Promise<BackgroundTurn> {
    // `maxDeferMs` 0 switches the deferral off.
    if (this.#inFlight === 0 || this.maxDeferMs <= 0) return Promise.resolve({ forced: false });
    return new Promise((resolve) => {
      const finish = (forced: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve({ forced });
      };
      const wake = () => finish(false);
      const timer = setTimeout(() => finish(true), this.maxDeferMs);
      this.#waiters.add(wake);
    });
  }
}
