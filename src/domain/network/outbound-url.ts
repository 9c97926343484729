import { formatIpAddress, nonPublicReason, parseIpAddress } from './ip-address';

/**
 * Which client-configured URLs the server may call (webhooks). Built from app settings by the
 * composition root; the rules themselves know nothing of hosts or environments.
 */
export interface OutboundPolicy {
  /** `http:` is refused unless this is set (the local host sets it; Azure never does). */
  readonly allowHttp: boolean;
  /**
   * Host names or addresses let through even when they are not public (local development and tests),
   * canonical: lower-case names, addresses as `formatIpAddress` writes them.
   */
  readonly allowedHosts: ReadonlySet<string>;
}

export const strictOutboundPolicy: OutboundPolicy = { allowHttp: false, allowedHosts: new Set() };

/** Parses `SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS`-style lists: comma-separated names or address literals. */
export function outboundPolicy(options: {
  allowHttp: boolean;
  allowedHosts?: string | readonly string[];
}): OutboundPolicy {
  const list =
    typeof options.allowedHosts === 'string' ? options.allowedHosts.split(',') : (options.allowedHosts ?? []);
  return {
    allowHttp: options.allowHttp,
    allowedHosts: new Set(
      list
        .map((h) => h.trim())
        .filter(Boolean)
        .map(canonicalHost),
    ),
  };
}

/** `[::FFFF:7F00:1]` → `::ffff:7f00:1`; `0x7f.1` → `127.0.0.1`; `Example.COM.` → `example.com`. */
export function canonicalHost(host: string): string {
  const address = parseIpAddress(host);
  if (address) return formatIpAddress(address);
  return host.toLowerCase().replace(/\.$/, '');
}

export type OutboundVerdict =
  | { readonly ok: true; readonly url: URL; readonly host: string; readonly allowListed: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * The checks that need no resolver: scheme, and the host when it is an address literal (in any
 * spelling — the WHATWG parser already turns `2130706433` into `127.0.0.1`, and the literal is parsed
 * again here in case it did not). A host name passes here; its resolved addresses are checked when
 * the connection is made (`allowListed` says whether they need to be).
 */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy): OutboundVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'must be an https URL' };
  if (url.protocol === 'http:' && !policy.allowHttp)
    return { ok: false, reason: 'must be an https URL (plain http is not allowed here)' };
  const host = canonicalHost(url.hostname.replace(/^\[|\]$/g, ''));
  if (host === '') return { ok: false, reason: 'must name a host' };
  if (policy.allowedHosts.has(host)) return { ok: true, url, host, allowListed: true };
  const address = parseIpAddress(host);
  if (address) {
    const reason = nonPublicReason(address);
    if (reason) return { ok: false, reason: `must not point at a ${reason} address (${host})` };
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    return { ok: false, reason: 'must not point at localhost' };
  }
  return { ok: true, url, host, allowListed: false };
}

/** A URL with its user-info masked, for showing a webhook: `https://u:p@h/x` → `https://***:***@h/x`. */
export function maskUrlCredentials(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.username === '' && url.password === '') return raw;
    url.username = url.username ? '***' : '';
    url.password = url.password ? '***' : '';
    return url.toString();
  } catch {
    return raw;
  }
}
