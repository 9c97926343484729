import type { Meter } from '../../ports/meter';

/** Counts in memory; `difference` gives what happened between two snapshots. */
export class CountingMeter implements Meter {
  readonly #counts = new Map<string, number>();

  add(name: string, amount = 1): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + amount);
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
