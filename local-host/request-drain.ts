import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Lets the local host stop without cutting off a request it has begun: once `drain()` is called, new
 * requests are refused with 503 (except the host's own calls to itself, such as the app's Durable
 * client reaching the engine from inside a request), and `drain()` resolves when every request under
 * way has been answered and the server is closed. Only then may storage be stopped.
 */
export class RequestDrain {
  readonly #isInternal: (req: IncomingMessage) => boolean;
  #inFlight = 0;
  #draining = false;
  #idle: (() => void) | undefined;

  constructor(options: { readonly isInternal: (req: IncomingMessage) => boolean }) {
    this.#isInternal = options.isInternal;
  }

  /** Wraps the server's request handler. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    if (this.#draining && !this.#isInternal(req)) {
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '5', connection: 'close' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'The local host is stopping', status: 503 }));
      return;
    }
    this.#inFlight++;
    res.once('close', () => {
      this.#inFlight--;
      if (this.#inFlight === 0) this.#idle?.();
    });
    next();
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Refuses new requests (internal calls still pass) and waits for those under way, at most
   * `timeoutMs`; returns how many were still under way then. The server keeps listening, so that the
   * work those requests caused can still reach the host's own internal routes until `close`.
   */
  async quiesce(server: Server, timeoutMs: number): Promise<{ readonly cutOff: number }> {
    this.#draining = true;
    server.closeIdleConnections();
    if (this.#inFlight === 0) return { cutOff: 0 };
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ cutOff: this.#inFlight }), timeoutMs);
      this.#idle = () => {
        clearTimeout(timer);
        resolve({ cutOff: 0 });
      };
    });
  }

  /** Stops listening and ends every connection (anything still under way is cut off). */
  async close(server: Server): Promise<void> {
    this.#draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** `quiesce`, then `close`. */
  async drain(server: Server, timeoutMs: number): Promise<{ readonly cutOff: number }> {
    const result = await this.quiesce(server, timeoutMs);
    await this.close(server);
    return result;
  }
}
