import { HttpRequest, type HttpRequestParams, type HttpRequestUser } from '@azure/functions';

export interface GatewayRequestInit {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  readonly params: HttpRequestParams;
  readonly body: Buffer;
}

/**
 * The `HttpRequest` a function receives on the local host: the shape `@azure/functions` declares, over a
 * body the gateway has already read into memory.
 *
 * Why not `new HttpRequest(init)`: that builds an undici `Request`, a web stream around the bytes and an
 * abort signal for every request, and reading the body back goes through the stream — about 6 % of the
 * host's CPU per ticket create (docs/performance.md, "Wave 7"). Here method, URL, headers, query,
 * params and the body readers the app uses (`arrayBuffer`, `text`, `json`) work on the bytes directly.
 * Anything else (`body` as a stream, `blob`, `formData`, `user`, `clone`) is answered by a real
 * `HttpRequest` built on first use, so it behaves exactly as the library's.
 */
export class GatewayRequest implements HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly query: URLSearchParams;
  readonly params: HttpRequestParams;
  readonly #init: GatewayRequestInit;
  #consumed = false;
  #library: HttpRequest | undefined;

  constructor(init: GatewayRequestInit) {
    this.#init = init;
    this.method = init.method;
    this.url = init.url;
    this.headers = new Headers(init.headers);
    this.query = new URLSearchParams(init.query);
    this.params = init.params;
  }

  get user(): HttpRequestUser | null {
    return this.#libraryRequest().user;
  }

  get body(): ReadableStream | null {
    return this.#libraryRequest().body;
  }

  get bodyUsed(): boolean {
    return this.#consumed || (this.#library?.bodyUsed ?? false);
  }

  arrayBuffer = async (): Promise<ArrayBuffer> => {
    if (this.#library) return this.#library.arrayBuffer();
    const bytes = this.#consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  };

  text = async (): Promise<string> => {
    if (this.#library) return this.#library.text();
    return this.#consume().toString('utf8');
  };

  json = async (): Promise<unknown> => {
    if (this.#library) return this.#library.json();
    return JSON.parse(this.#consume().toString('utf8')) as unknown;
  };

  blob = (): Promise<Blob> => this.#libraryRequest().blob();
  formData = (): Promise<FormData> => this.#libraryRequest().formData();
  clone = (): HttpRequest => this.#libraryRequest().clone();

  /** As a fetch body: read once; a second read is a TypeError. */
  #consume(): Buffer {
    if (this.#consumed) throw new TypeError('Body is unusable: Body has already been read');
    this.#consumed = true;
    return this.#init.body;
  }

  #libraryRequest(): HttpRequest {
    if (!this.#library) {
      const { body, ...rest } = this.#init;
      // A body already read here stays read: the library's request then gets none, and says bodyUsed.
      this.#library = new HttpRequest({
        ...rest,
        ...(body.length > 0 && !this.#consumed ? { body: { bytes: body } } : {}),
      });
    }
    return this.#library;
  }
}
