import type { TokenCredential } from '@azure/identity';

/** Statuses Graph answers when it is throttling or briefly unavailable; the request is sent again. */
const transient = new Set([429, 503, 504]);

export interface GraphClientOptions {
  /** `https://graph.microsoft.com/v1.0` (or a national cloud's): every call goes below it, and nowhere else. */
  readonly baseUrl: string;
  /** The managed identity, granted `Mail.ReadWrite` (limited to the shared mailbox by an access policy). */
  readonly credential: TokenCredential;
  /** Attempts per call when Graph answers 429/503/504 (Retry-After is honoured). */
  readonly maxAttempts?: number;
  /** The longest Retry-After waited for; longer asks fail the call (the next timer run tries again). */
  readonly maxWaitMs?: number;
  /** Waits between attempts; tests record instead of waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface GraphRequest {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Statuses answered as `undefined` instead of failing (404 for a message that is gone, say). */
  readonly tolerate?: readonly number[];
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/**
 * The Microsoft Graph REST calls of the mail transport, with `fetch` and a managed-identity token (no Graph
 * SDK). Throttling (429) and unavailability (503, 504) are retried after the `Retry-After` Graph sends
 * (seconds or an HTTP date), else after 1, 2, 4… seconds. Links Graph returns (`@odata.nextLink`,
 * `@odata.deltaLink`) are followed only when they lie below the configured base URL.
 */
export class GraphClient {
  readonly #base: string;
  /** `https://graph.microsoft.com/.default`, or the national cloud's Graph resource. */
  readonly #scope: string;

  constructor(private readonly options: GraphClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#scope = `${new URL(this.#base).origin}/.default`;
  }

  /** JSON answer of a path below the base URL, or of a link Graph returned. */
  async json<T>(method: string, pathOrLink: string, request: GraphRequest = {}): Promise<T | undefined> {
    const response = await this.#send(method, pathOrLink, request, 'application/json');
    if (!response) return undefined;
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /**
   * Raw bytes (a message's `$value`), at most `limit` of them: a longer body is cut there and its download
   * cancelled, so one 150 MB mail (Exchange's limit) never sits whole in an instance's memory. The caller
   * sees more than it allows and treats the message as too large.
   */
  async bytes(pathOrLink: string, request: GraphRequest = {}, limit = Infinity): Promise<Uint8Array | undefined> {
    const response = await this.#send('GET', pathOrLink, request, '*/*');
    if (!response) return undefined;
    if (!response.body) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
      if (length > limit) {
        await reader.cancel();
        break;
      }
    }
    const all = Buffer.concat(chunks, length);
    return new Uint8Array(all.buffer, all.byteOffset, Math.min(length, limit + 1));
  }

  /** Whether a link lies below the base URL (the only place this client ever calls). */
  isOwnLink(link: string): boolean {
    return URL.canParse(link) && (link === this.#base || link.startsWith(`${this.#base}/`));
  }

  #url(pathOrLink: string): string {
    if (pathOrLink.startsWith('/')) return `${this.#base}${pathOrLink}`;
    if (!this.isOwnLink(pathOrLink)) throw new Error('Graph returned a link outside the configured Graph base URL.');
    return pathOrLink;
  }

  async #send(
    method: string,
    pathOrLink: string,
    request: GraphRequest,
    accept: string,
  ): Promise<Response | undefined> {
    const url = this.#url(pathOrLink);
    const attempts = this.options.maxAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.credential.getToken(this.#scope);
      if (!token) throw new Error('No token for Microsoft Graph.');
      const response = await fetch(url, {
        method,
        redirect: 'error',
        headers: {
          authorization: `Bearer ${token.token}`,
          accept,
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...request.headers,
        },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
      if (response.ok) return response;
      if (request.tolerate?.includes(response.status)) {
        await response.body?.cancel();
        return undefined;
      }
      const wait = transient.has(response.status) ? this.#waitMs(response, attempt) : undefined;
      if (wait !== undefined && attempt < attempts) {
        await response.body?.cancel();
        await (this.options.sleep ?? defaultSleep)(wait);
        continue;
      }
      const text = await response.text().catch(() => '');
      // The path only (never the query or a token): a message id is the most it names.
      throw new GraphError(
        response.status,
        `Microsoft Graph ${method} ${new URL(url).pathname}: ${response.status} ${text.slice(0, 300)}`,
      );
    }
  }

  #waitMs(response: Response, attempt: number): number | undefined {
    const header = response.headers.get('retry-after');
    let ms = 1000 * 2 ** (attempt - 1);
    if (header !== null) {
      const seconds = Number(header);
      if (Number.isFinite(seconds) && seconds >= 0) ms = seconds * 1000;
      else if (!Number.isNaN(Date.parse(header))) ms = Math.max(0, Date.parse(header) - Date.now());
    }
    return ms <= (this.options.maxWaitMs ?? 60_000) ? ms : undefined;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
