import type { HttpRequest } from '@azure/functions';
import type { Runtime } from '../composition/runtime';

/**
 * The origins the app's own pages are served from: `SUPPORTDESK_PUBLIC_URL`'s, and the origin the
 * request itself was addressed to (the local host's actual address, which may be 127.0.0.1 or localhost).
 */
export function ownOrigins(request: HttpRequest, runtime: Pick<Runtime, 'settings'>): Set<string> {
  const origins = new Set<string>([new URL(request.url).origin]);
  if (runtime.settings.SUPPORTDESK_PUBLIC_URL) origins.add(new URL(runtime.settings.SUPPORTDESK_PUBLIC_URL).origin);
  return origins;
}

/** An `Origin` header, when the browser sent one, must be the app's own. */
export function originAllowed(request: HttpRequest, runtime: Pick<Runtime, 'settings'>): boolean {
  const origin = request.headers.get('origin');
  return origin === null || ownOrigins(request, runtime).has(origin);
}

/** Where people reach the app: `SUPPORTDESK_PUBLIC_URL`, or the origin this request came to. */
export function publicBaseUrl(request: HttpRequest, runtime: Pick<Runtime, 'settings'>): string {
  return (runtime.settings.SUPPORTDESK_PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, '');
}

/**
 * The caller's IP: the last `X-Forwarded-For` entry, the one the platform's own front end (or the local
 * host) added; entries before it are whatever the client claimed.
 */
export function clientIp(request: HttpRequest): string {
  const forwarded = request.headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  if (!last) return 'unknown';
  // `1.2.3.4:5678` and `[::1]:5678` carry a port; a bare IPv6 address does not.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(last);
  if (bracketed?.[1]) return bracketed[1];
  return /^[\d.]+:\d+$/.test(last) ? last.slice(0, last.lastIndexOf(':')) : last;
}
