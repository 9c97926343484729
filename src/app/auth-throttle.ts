export interface AuthThrottleOptions {
  /** Failed authentications an address may make in a burst. */
  readonly budget: number;
  /** One more failure is allowed every this many milliseconds (the budget refills at this rate). */
  readonly refillEveryMs: number;
  /** Addresses tracked at most; beyond it, the ones with a full budget again are forgotten first. */
  readonly maxAddresses: number;
}

export const defaultAuthThrottle: AuthThrottleOptions = authThrottleOptions(10);

/** `budget` failures at once, refilled at `budget` a minute. */
export function authThrottleOptions(budget: number): AuthThrottleOptions {
  return { budget, refillEveryMs: 60_000 / budget, maxAddresses: 10_000 };
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Failed authentications per client address, as a token bucket: `budget` failures at once, then one
 * every `refillEveryMs` (10 at once, then 10 a minute by default). An address that has used its budget
 * is answered `429` with `Retry-After` for every authenticated request — not only for failing ones,
 * which would tell a guesser which of its keys is right — until a failure is allowed again.
 * Successful requests cost nothing and are never slowed.
 *
 * The books are kept in memory, per instance: with N instances an address can fail N × budget times
 * before all of them refuse it, which still turns millions of guesses into a handful (docs/security.md).
 * Real time, never the virtual clock: this is about how fast someone is knocking.
 */
export class AuthThrottle {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: AuthThrottleOptions = defaultAuthThrottle,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  /** Addresses currently tracked. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Seconds to wait before the address may try again, or `undefined` when it may try now. */
  retryAfterSeconds(address: string): number | undefined {
    const bucket = this.#refilled(address);
    if (!bucket || bucket.tokens >= 1) return undefined;
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * this.options.refillEveryMs) / 1000));
  }

  recordFailure(address: string): void {
    const now = this.monotonicNow();
    const bucket = this.#refilled(address) ?? { tokens: this.options.budget, updatedAt: now };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    bucket.updatedAt = now;
    this.#buckets.set(address, bucket);
    if (this.#buckets.size > this.options.maxAddresses) this.#forgetRecovered();
  }

  #refilled(address: string): Bucket | undefined {
    const bucket = this.#buckets.get(address);
    if (!bucket) return undefined;
    const now = this.monotonicNow();
    bucket.tokens = Math.min(
      this.options.budget,
      bucket.tokens + (now - bucket.updatedAt) / this.options.refillEveryMs,
    );
    bucket.updatedAt = now;
    return bucket;
  }

  #forgetRecovered(): void {
    for (const address of [...this.#buckets.keys()]) {
      if ((this.#refilled(address)?.tokens ?? 0) >= this.options.budget) this.#buckets.delete(address);
    }
    // Still too many: forget the oldest (insertion order), so memory stays bounded under a spray of addresses.
    for (const address of this.#buckets.keys()) {
      if (this.#buckets.size <= this.options.maxAddresses) break;
      this.#buckets.delete(address);
    }
  }
}

/**
 * The address a request came from. Azure's front end appends the caller's address to
 * `X-Forwarded-For` (and the local host does the same), so the last entry is the one nobody but the
 * front end wrote; earlier entries may be forged by the caller.
 */
export function clientAddress(forwardedFor: string | null | undefined): string {
  const last =
    (forwardedFor ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1) ?? 'unknown';
  // `1.2.3.4:5678` (Azure includes the port) and `[::1]:5678` → the address alone.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(last);
  if (bracketed?.[1]) return bracketed[1];
  return /^[\d.]+:\d+$/.test(last) ? (last.split(':')[0] ?? last) : last;
}
