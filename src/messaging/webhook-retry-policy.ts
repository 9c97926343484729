/**
 * How long a failed webhook delivery waits before its next attempt, and when it is given up.
 *
 * Attempts happen at 0, 1, 3, 7, 15, 31, 63 and 123 minutes (doubling from one minute, capped at an
 * hour), so a receiver that is down for about two hours still gets everything; after the eighth failed
 * attempt the delivery is dead-lettered and waits for an administrator to replay it. No jitter: the
 * retry timer runs once a minute, which already spreads attempts, and a fixed schedule can be tested.
 */
export interface WebhookRetryPolicy {
  readonly maxAttempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** How long a lane waits for a missing earlier event before it delivers the later ones anyway. */
  readonly gapTimeoutMs: number;
}

export const webhookRetryPolicy: WebhookRetryPolicy = {
  maxAttempts: 8,
  firstDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  gapTimeoutMs: 15 * 60_000,
};

/** What a failed attempt tells the schedule: the HTTP status if there was one, and any `Retry-After`. */
export interface FailedAttempt {
  readonly status?: number;
  readonly retryAfterMs?: number;
}

export type AfterFailure = { readonly kind: 'retry'; readonly at: Date } | { readonly kind: 'dead' };

/**
 * `attempts` counts the attempt that just failed. `410 Gone` means the receiver wants no more webhooks
 * (Standard Webhooks), so that delivery is dead at once rather than retried for two hours.
 */
export function afterFailedAttempt(
  policy: WebhookRetryPolicy,
  attempts: number,
  now: Date,
  result: FailedAttempt,
): AfterFailure {
  if (result.status === 410 || attempts >= policy.maxAttempts) return { kind: 'dead' };
  const backoff = Math.min(policy.firstDelayMs * 2 ** (attempts - 1), policy.maxDelayMs);
  const delay = Math.min(Math.max(backoff, result.retryAfterMs ?? 0), policy.maxDelayMs);
  return { kind: 'retry', at: new Date(now.getTime() + delay) };
}
