import { VersionConflictError } from '../ports/ticket-store';

export interface ConflictRetry {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** What to throw when every try met a conflict. */
  readonly exhausted: () => Error;
  /** Wait a little (random, growing with the try, at most 200 ms) before trying again; otherwise at once. */
  readonly backoff?: boolean;
}

/**
 * Optimistic concurrency, the one way: `attempt` reads what it needs, decides and writes under the
 * version it read; when the write meets a `VersionConflictError` (someone else changed the ticket in
 * between), it runs again from the read. Any other error, or a result, ends it.
 */
export async function retryOnConflict<T>(attempt: (n: number) => Promise<T>, options: ConflictRetry): Promise<T> {
  for (let n = 0; n < options.attempts; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      if (options.backoff && n + 1 < options.attempts) await conflictBackoff(n);
    }
  }
  throw options.exhausted();
}

/** A random wait that grows with the attempt, so writers that keep colliding spread out. */
export function conflictBackoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
