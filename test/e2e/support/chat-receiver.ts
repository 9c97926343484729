import { RecordingReceiver } from '../../support/recording-receiver';

export interface Received {
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly payload: unknown;
}

/**
 * A chat platform's webhook on loopback: Slack answers `200 ok`, a Teams workflow `202`. It can be
 * stopped (connection refused) and started again on the same port.
 */
export class ChatReceiver extends RecordingReceiver<Received> {
  constructor(readonly platform: 'slack' | 'teams') {
    super('127.0.0.1', {
      record: (r) => ({
        contentType: String(r.headers['content-type']),
        headers: r.headers,
        payload: JSON.parse(r.body) as unknown,
      }),
      answer: (res) =>
        platform === 'slack'
          ? res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
          : res.writeHead(202).end(),
    });
  }

  get url(): string {
    return this.urlFor(`/${this.platform}/hook-credential`);
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
