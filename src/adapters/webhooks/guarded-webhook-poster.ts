import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { nonPublicReason, parseIpAddress } from '../../domain/network/ip-address';
import { checkOutboundUrl, type OutboundPolicy } from '../../domain/network/outbound-url';
import type { PostResult, WebhookPoster } from '../../ports/webhook-poster';

/** Standard Webhooks recommends 15–30 s; a receiver slower than that is treated as down. */
const timeoutMs = 15_000;

/** Thrown inside the connection's lookup when a name resolves to an address no webhook may reach. */
class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type Resolver = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true, verbatim: true }, callback);

/**
 * POSTs a webhook with `node:http(s)`, guarded against server-side request forgery:
 * - the URL is checked again before every attempt (scheme, address literals: a client stored before
 *   the policy tightened is caught here too);
 * - a host name is resolved by the connection's own `lookup`, which refuses the connection when any
 *   address is not public and hands the socket exactly the address it checked, so a DNS answer that
 *   changes between check and connect (rebinding) cannot slip through;
 * - redirects are never followed (Standard Webhooks: a 3xx is a failure; fix the URL instead);
 * - the receiver's body is read and thrown away: nothing it answers is recorded beyond its status.
 * Hosts on the policy's allow list (local development, tests) skip the address checks.
 */
export class GuardedWebhookPoster implements WebhookPoster {
  constructor(
    private readonly policy: OutboundPolicy,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  async post(rawUrl: string, headers: Readonly<Record<string, string>>, body: string): Promise<PostResult> {
    const verdict = checkOutboundUrl(rawUrl, this.policy);
    if (!verdict.ok) return { ok: false, error: `Refused: the URL ${verdict.reason}.` };
    const { url, allowListed } = verdict;
    try {
      return await this.#send(url, allowListed, headers, body);
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  }

  #send(url: URL, allowListed: boolean, headers: Readonly<Record<string, string>>, body: string): Promise<PostResult> {
    const transport = url.protocol === 'https:' ? https : http;
    const auth =
      url.username || url.password
        ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
        : undefined;
    return new Promise<PostResult>((resolve, reject) => {
      const request = transport.request(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          ...(auth ? { auth } : {}),
          headers: { 'user-agent': 'SupportDesk-Webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
          lookup: this.#lookup(allowListed),
          // No pooled socket: each attempt resolves and checks afresh.
          agent: false,
          timeout: timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
        },
        (response) => {
          // Drain and discard: the content of the answer is never kept.
          response.resume();
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve({ ok: true, status });
            const retryAfter = response.headers['retry-after'];
            const retryAfterMs = parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : null, Date.now());
            resolve({
              ok: false,
              status,
              error: `HTTP ${status}`,
              ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
            });
          });
        },
      );
      request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
      request.on('error', reject);
      request.end(body);
    });
  }

  /** The connection's resolver: every address the name has must be public, and the one used is one of them. */
  #lookup(allowListed: boolean) {
    return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
      this.resolve(hostname, (error, addresses) => {
        if (error) return callback(error, []);
        const wanted = addresses.filter(
          (a) => !options.family || options.family === a.family || options.family === `IPv${a.family}`,
        );
        if (!allowListed) {
          for (const { address } of wanted) {
            const parsed = parseIpAddress(address);
            const reason = parsed ? nonPublicReason(parsed) : 'unparseable';
            if (reason) return callback(new RefusedAddressError(`the host resolves to a ${reason} address`), []);
          }
        }
        const first = wanted[0];
        if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
        if (options.all) return callback(null, wanted);
        callback(null, first.address, first.family);
      });
    };
  }
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** A short reason for the delivery record; never anything the receiver sent. */
function describe(error: unknown): string {
  if (error instanceof RefusedAddressError) return `Refused: ${error.message}.`;
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `No response within ${timeoutMs / 1000} s`;
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `Connection failed (${code})` : 'Connection failed';
  }
  return 'Connection failed';
}
