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
   * Refuses new requests, waits for those under way (at most `timeoutMs`; then they are cut off and
   * reported), then closes the server and every connection.
   */
  async drain(server: Server, timeoutMs: number): Promise<{ readonly cutOff: number }> {
    this.#draining = true;
    server.closeIdleConnections();
    let cutOff = 0;
    if (this.#inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          cutOff = this.#inFlight;
          resolve();
        }, timeoutMs);
        this.#idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    return { cutOff };
  }
}
