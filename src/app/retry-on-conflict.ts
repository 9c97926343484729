import { DomainError } from '../domain/domain-error';
import { VersionConflictError } from '../ports/ticket-store';

export interface ConflictRetry {
  /** Tries in all, the first included. */
  readonly attempts: number | 'while-contended';
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
 * How long a writer of a hot row (a ticket, a client's hour bank) keeps trying while writers in OTHER
 * instances commit first: in its own instance it waits its turn in a queue instead (see `HotRowWrites`).
 * Each of a handful of instances wins a round often, so this is a guard against a storage outage, not
 * a limit that contention reaches; past it the answer is `busy` (503, send again), never a refusal.
 */
export const contentionBudgetMs = 30_000;

/** The `busy` error a writer gives when `contentionBudgetMs` ran out. */
export function stillContended(what: string): DomainError {
  return new DomainError('busy', `${what} is being changed by many writers at once; send the same request again.`);
}

/**
 * Optimistic concurrency, the one way: `attempt` reads what it needs, decides and writes under the
 * version it read; when the write meets a `VersionConflictError` (someone else changed the ticket in
 * between), it runs again from the read. Any other error, or a result, ends it. With
 * `'while-contended'` it tries again for `contentionBudgetMs`, however many tries that takes.
 */
export async function retryOnConflict<T>(attempt: (n: number) => Promise<T>, options: ConflictRetry): Promise<T> {
  const started = performance.now();
  const more = (n: number): boolean =>
    options.attempts === 'while-contended'
      ? performance.now() - started < contentionBudgetMs
      : n + 1 < options.attempts;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(options.conflicts ?? [VersionConflictError]).some((type) => error instanceof type)) throw error;
      if (!more(n)) break;
      if (options.backoff) await (options.backoff === true ? conflictBackoff : options.backoff)(n);
    }
  }
  throw options.exhausted();
}

/** A random wait that grows with the attempt, so writers that keep colliding spread out. */
export function conflictBackoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The wait between tries of a hot-row writer: random in [0, cap) with a cap that grows from 2 ms to
 * 50 ms, so colliding instances spread out; short, since in-instance writers queue and the instance
 * that lost a round is next in line to read the row afresh.
 */
export function hotRowBackoff(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 * 2 ** Math.min(attempt, 5)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
