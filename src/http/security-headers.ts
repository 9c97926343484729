import type { HttpResponseInit } from '@azure/functions';
import { contentSecurityPolicy } from './web/page-headers';

/** For HTML: the pages' own policy (everything self-hosted, no inline script, no framing; docs/product-spec.md §7). */
export const htmlContentSecurityPolicy = contentSecurityPolicy;

/** For everything else (JSON, CSV, problems): nothing may load or frame it as a document. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every response carries, whichever host serves it. A handler that sets its own
 * `Content-Security-Policy` (a page with its own needs) keeps it.
 */
export function securityHeaders(
  contentType: string | undefined,
  existing: (name: string) => boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (!existing('content-security-policy')) {
    headers['content-security-policy'] = /^text\/html\b/i.test(contentType ?? '')
      ? htmlContentSecurityPolicy
      : apiContentSecurityPolicy;
  }
  if (!existing('cache-control')) headers['cache-control'] = 'no-store';
  for (const name of Object.keys(headers))
    if (name !== 'content-security-policy' && name !== 'cache-control' && existing(name)) delete headers[name];
  return headers;
}

/** The handler's response with the security headers added (its own values win; its other headers are left as they are). */
export function withSecurityHeaders(init: HttpResponseInit): HttpResponseInit {
  const given = init.headers;
  if (given instanceof Headers) {
    for (const [name, value] of Object.entries(
      securityHeaders(given.get('content-type') ?? undefined, (n) => given.has(n)),
    ))
      given.set(name, value);
    return init;
  }
  const pairs: [string, string][] = Array.isArray(given) ? given : Object.entries(given ?? {});
  const names = new Set(pairs.map(([name]) => name.toLowerCase()));
  const contentType = pairs.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const extra = Object.entries(securityHeaders(contentType, (n) => names.has(n)));
  return { ...init, headers: Array.isArray(given) ? [...pairs, ...extra] : { ...Object.fromEntries(extra), ...given } };
}
