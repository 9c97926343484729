import { AsyncLocalStorage } from 'node:async_hooks';
import type { Meter } from '../../ports/meter';

/**
 * Counts in memory. Within `attribute(name, work)` (one function execution and the work it sets off,
 * awaited or not) every count is also kept under `by.<name>.<count>`, so that what a timer costs
 * on its own can be told from what tickets cost (`npm run bench:cost`).
 */
export class CountingMeter implements Meter {
  readonly #counts = new Map<string, number>();
  readonly #scope = new AsyncLocalStorage<string>();

  add(name: string, amount = 1): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + amount);
    const scope = this.#scope.getStore();
    if (scope !== undefined) {
      const scoped = `by.${scope}.${name}`;
      this.#counts.set(scoped, (this.#counts.get(scoped) ?? 0) + amount);
    }
  }

  attribute<T>(scope: string, work: () => T): T {
    return this.#scope.run(scope, work);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

/** `after − before`, leaving out names that did not change. */
export function meterDifference(
  after: Readonly<Record<string, number>>,
  before: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(after)) {
    const delta = value - (before[name] ?? 0);
    if (delta !== 0) out[name] = delta;
  }
  return out;
}

/**
 * The process's one meter. One per process because what it counts is per process in Azure too (an
 * instance's storage clients, its Service Bus sender, its invocations); the composition hands it to the
 * adapters and the host reads it.
 */
export const processMeter = new CountingMeter();
