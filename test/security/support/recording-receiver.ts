import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * An HTTP server that records every request it gets and answers 204. Listening on `::` (dual stack)
 * it hears anything sent to any local address on its port, so "it stayed silent" means nothing got
 * through by any route.
 */
export class RecordingReceiver {
  readonly received: ReceivedRequest[] = [];
  #server: Server | undefined;
  #port = 0;

  constructor(private readonly host: string) {}

  get port(): number {
    return this.#port;
  }

  url(pathname = '/hooks'): string {
    const host = this.host === '::' ? '127.0.0.1' : this.host;
    return `http://${host}:${this.#port}${pathname}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.host, resolve);
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
