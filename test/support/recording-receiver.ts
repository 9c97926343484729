import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ReceiverOptions<R> {
  /** What is kept of each request (by default the request itself). */
  readonly record?: (request: ReceivedRequest) => R;
  /** The answer (by default 204). */
  readonly answer?: (response: ServerResponse) => void;
}

/**
 * An HTTP server that records every request it gets. Listening on `::` (dual stack) it hears anything
 * sent to any local address on its port, so "it stayed silent" means nothing got through by any route.
 * It can be stopped (connection refused) and started again on the same port.
 */
export class RecordingReceiver<R = ReceivedRequest> {
  readonly received: R[] = [];
  #server: Server | undefined;
  #port = 0;

  constructor(
    private readonly host = '127.0.0.1',
    private readonly options: ReceiverOptions<R> = {},
  ) {}

  get port(): number {
    return this.#port;
  }

  urlFor(pathname = '/hooks'): string {
    const host = this.host === '::' ? '127.0.0.1' : this.host;
    return `http://${host}:${this.#port}${pathname}`;
  }

  async start(): Promise<this> {
    const record = this.options.record ?? ((request: ReceivedRequest) => request as unknown as R);
    const answer = this.options.answer ?? ((response: ServerResponse) => response.writeHead(204).end());
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push(
          record({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        answer(res);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, this.host, resolve);
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
