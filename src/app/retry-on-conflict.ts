import { VersionConflictError } from '../ports/ticket-store';

export interface ConflictRetry {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** What to throw when every try met a conflict. */
  readonly exhausted: () => Error;
  /**
   * `true`: wait a little (random, growing with the try, at most 200 ms) before trying again; a function:
   * wait as it says (given the try that failed, from 0); otherwise try again at once.
   */
  readonly backoff?: boolean | ((attempt: number) => Promise<void>);
  /**
   * The errors that mean "someone else wrote first: read again and decide again". Default: only
   * `VersionConflictError`; alert triggers add `ClaimTakenError` (another ticket took the alert's claim).
   */
  readonly conflicts?: readonly (abstract new (...args: never[]) => Error)[];
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
      if (!(options.conflicts ?? [VersionConflictError]).some((type) => error instanceof type)) throw error;
      if (options.backoff && n + 1 < options.attempts)
        await (options.backoff === true ? conflictBackoff : options.backoff)(n);
    }
  }
  throw options.exhausted();
}

/** A random wait that grows with the attempt, so writers that keep colliding spread out. */
export function conflictBackoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
