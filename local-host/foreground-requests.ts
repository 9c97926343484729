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
 * at once when no request has been under way for `quietMs`, otherwise once that is so, or after
 * `maxDeferMs`, when they take a small share and ask again. Nothing is dropped: the outbox and the
 * queues hold what waits, and under steady load the background still moves every `maxDeferMs`.
 *
 * Quiet means a little while without requests, not a moment: requests answered together (a group
 * commit answers several at once) leave none under way for a moment, and their clients send the next
 * ones straight away.
 *
 * Only requests from outside count: the host's calls to itself (the app's Durable client) and the dev
 * routes that wait for background work (`/api/dev/clock`, `/api/dev/topic/drain`) are not requests to
 * give way to.
 */
export class ForegroundRequests {
  #inFlight = 0;
  #lastEndedAt = Number.NEGATIVE_INFINITY;
  #quietTimer: NodeJS.Timeout | undefined;
  readonly #waiters = new Set<() => void>();

  constructor(
    private readonly maxDeferMs: number,
    private readonly quietMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts a request from now until `end` is called (once). */
  begin(): () => void {
    this.#inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#inFlight--;
      this.#lastEndedAt = this.now();
      if (this.#inFlight === 0) this.#armQuietTimer();
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves when background work may run (see the class comment). */
  turn(): Promise<BackgroundTurn> {
    // `maxDeferMs` 0 switches the deferral off.
    if (this.maxDeferMs <= 0 || this.#quiet()) return Promise.resolve({ forced: false });
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

  #quiet(): boolean {
    return this.#inFlight === 0 && this.now() - this.#lastEndedAt >= this.quietMs;
  }

  #armQuietTimer(): void {
    clearTimeout(this.#quietTimer);
    this.#quietTimer = setTimeout(() => {
      if (this.#inFlight === 0) for (const wake of [...this.#waiters]) wake();
    }, this.quietMs);
    this.#quietTimer.unref();
  }
}
