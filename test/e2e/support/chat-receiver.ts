import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly payload: unknown;
}

/**
 * A chat platform's webhook on loopback: Slack answers `200 ok`, a Teams workflow `202`. It can be
 * stopped (connection refused) and started again on the same port.
 */
export class ChatReceiver {
  readonly received: Received[] = [];
  #server: Server | undefined;
  #port = 0;

  constructor(readonly platform: 'slack' | 'teams') {}

  get url(): string {
    return `http://127.0.0.1:${this.#port}/${this.platform}/hook-credential`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({
          contentType: String(req.headers['content-type']),
          headers: req.headers,
          payload: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        });
        if (this.platform === 'slack') res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        else res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', resolve);
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

  /** The headline of every message about one ticket, in the order received. */
  headlines(ticketId: string): string[] {
    return this.received.map((r) => headlineOf(r.payload)).filter((h) => new RegExp(`(^| )${ticketId}( |$)`).test(h));
  }
}

/** The first line people see: Slack's header block, or the card's first TextRun. */
export function headlineOf(payload: unknown): string {
  const slack = payload as { blocks?: { type: string; text?: { text: string } }[] };
  if (slack.blocks) return slack.blocks.find((b) => b.type === 'header')?.text?.text ?? '';
  const teams = payload as { attachments: { content: { body: { inlines: { text: string }[] }[] } }[] };
  return teams.attachments[0]?.content.body[0]?.inlines[0]?.text ?? '';
}
