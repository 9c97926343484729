import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/adapters/webhooks/guarded-webhook-poster';
import { afterFailedAttempt, webhookRetryPolicy } from '../../src/messaging/webhook-retry-policy';

const start = new Date('2026-11-24T10:00:00Z');
const minutes = (n: number) => n * 60_000;

describe('webhook retry policy', () => {
  it('doubles the wait from one minute, capped at an hour, and gives up after the eighth attempt', () => {
    const waits: number[] = [];
    for (let attempts = 1; attempts < webhookRetryPolicy.maxAttempts; attempts++) {
      const next = afterFailedAttempt(webhookRetryPolicy, attempts, start, { status: 500 });
      expect(next.kind).toBe('retry');
      if (next.kind === 'retry') waits.push(next.at.getTime() - start.getTime());
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60].map(minutes));
    expect(afterFailedAttempt(webhookRetryPolicy, webhookRetryPolicy.maxAttempts, start, { status: 500 })).toEqual({
      kind: 'dead',
    });
  });

  it('gives up at once on 410 Gone', () => {
    expect(afterFailedAttempt(webhookRetryPolicy, 1, start, { status: 410 })).toEqual({ kind: 'dead' });
  });

  it('waits at least as long as Retry-After asks, within the cap', () => {
    const longer = afterFailedAttempt(webhookRetryPolicy, 1, start, { status: 503, retryAfterMs: minutes(10) });
    expect(longer).toEqual({ kind: 'retry', at: new Date(start.getTime() + minutes(10)) });
    const capped = afterFailedAttempt(webhookRetryPolicy, 1, start, { status: 429, retryAfterMs: minutes(600) });
    expect(capped).toEqual({ kind: 'retry', at: new Date(start.getTime() + minutes(60)) });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:05:00 GMT', start.getTime())).toBe(minutes(5));
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
