/** A durable timer waiting to fire, as the engine keeps it in memory (its source of truth is the instance row). */
export interface ScheduledTimer {
  readonly instanceId: string;
  readonly executionId: string;
  readonly timerId: number;
  readonly fireAt: string;
}

const keyOf = (t: Pick<ScheduledTimer, 'instanceId' | 'executionId' | 'timerId'>): string => `${t.instanceId}\u0000${t.executionId}\u0000${t.timerId}`;

/** Pending timers of every instance, so the next due one is found without reading storage. */
export class TimerIndex {
  readonly #timers = new Map<string, ScheduledTimer>();

  add(timer: ScheduledTimer): void {
    this.#timers.set(keyOf(timer), timer);
  }

  remove(timer: Pick<ScheduledTimer, 'instanceId' | 'executionId' | 'timerId'>): void {
    this.#timers.delete(keyOf(timer));
  }

  removeInstance(instanceId: string): void {
    for (const [key, timer] of this.#timers) if (timer.instanceId === instanceId) this.#timers.delete(key);
  }

  /** The earliest timer; ties keep the order they were scheduled in (instance id, then timer id). */
  earliest(): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (!best || compare(timer, best) < 0) best = timer;
    }
    return best;
  }

  get size(): number {
    return this.#timers.size;
  }
}

function compare(a: ScheduledTimer, b: ScheduledTimer): number {
  const at = Date.parse(a.fireAt) - Date.parse(b.fireAt);
  if (at !== 0) return at;
  if (a.instanceId !== b.instanceId) return a.instanceId < b.instanceId ? -1 : 1;
  return a.timerId - b.timerId;
}
