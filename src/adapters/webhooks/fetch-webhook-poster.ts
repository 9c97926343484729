import type { PostResult, WebhookPoster } from '../../ports/webhook-poster';

/** Standard Webhooks recommends 15–30 s; a receiver slower than that is treated as down. */
const timeoutMs = 15_000;

/**
 * POSTs with `fetch`. Redirects are not followed (Standard Webhooks: a 3xx is a failure and the URL
 * should be fixed instead); anything but 2xx, and any network error or timeout, is a failed attempt.
 */
export class FetchWebhookPoster implements WebhookPoster {
  async post(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<PostResult> {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'user-agent': 'SupportDesk-Webhooks/1', ...headers }, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      // Drain the body so the connection can be reused; its content does not matter.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      return { ok: false, status: response.status, error: `HTTP ${response.status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  }
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return error.name === 'TimeoutError' ? `No response within ${timeoutMs / 1000} s` : `${error.message}${detail}`;
  }
  return String(error);
}
