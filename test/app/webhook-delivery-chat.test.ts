import { beforeEach, describe, expect, it } from 'vitest';
import { WebhookDeliveryService } from '../../src/app/webhook-delivery';
import { ticketCloudEvent, type CloudEvent } from '../../src/domain/events/cloud-event';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { slackProblems, stringsOf, teamsProblems } from '../support/chat-schemas';
import { contractClient } from '../support/contract';
import { FakeReceivers, ManualClock } from '../support/fake-webhook-receivers';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryWebhookDeliveries } from '../support/in-memory/in-memory-webhook-deliveries';
import { looseEvent } from '../support/loose-event';

/** What a receiver showed, in order: the headline of each message it accepted. */
const headlines = (receivers: FakeReceivers, url: string): string[] =>
  receivers.accepted(url).map((p) => headlineOf(JSON.parse(p.body) as unknown));

/** The first line people see: Slack's header block, or the card's first TextRun. */
function headlineOf(payload: unknown): string {
  const slack = payload as { blocks?: { type: string; text?: { text: string } }[] };
  if (slack.blocks) return slack.blocks.find((b) => b.type === 'header')!.text!.text;
  const teams = payload as { attachments: { content: { body: { inlines: { text: string }[] }[] } }[] };
  return teams.attachments[0]!.content.body[0]!.inlines[0]!.text;
}

const slackUrl = 'https://hooks.slack.test/services/T0/B0/secret-slack';
const teamsUrl = 'https://teams.test/workflows/abc/triggers/manual/paths/invoke?sig=secret-teams';
const staffUrl = 'https://hooks.slack.test/services/T0/B1/secret-desk';
const minute = 60_000;

let clock: ManualClock;
let receivers: FakeReceivers;
let service: WebhookDeliveryService;
let clients: InMemoryClientStore;
let ticket = 0;

beforeEach(async () => {
  clock = new ManualClock();
  receivers = new FakeReceivers();
  clients = new InMemoryClientStore();
  const body = clientBodySchema.parse({
    ...contractClient(),
    notifications: {
      webhooks: [
        { url: slackUrl, format: 'slack', events: ['ticket.*', 'sla.*'] },
        { url: teamsUrl, format: 'teams', events: ['*'] },
      ],
    },
  });
  await clients.putClient({
    ...body,
    id: 'acme',
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
  });
  service = new WebhookDeliveryService(clients, new InMemoryWebhookDeliveries(), receivers, clock, {
    chat: { staffChannel: { url: staffUrl, format: 'slack' }, publicUrl: 'https://desk.example.com' },
  });
  ticket += 1;
});

const ticketId = () => `ACME-${ticket}`;
function event(seq: number, type: string, data: Record<string, unknown> = {}): CloudEvent {
  return ticketCloudEvent(
    { clientId: 'acme', ticketId: ticketId(), severity: 'cat1', title: 'Checkout is down', status: 'in-progress' },
    looseEvent({ seq, type, at: clock.now().toISOString(), actor: 'eng@desk.test', data }),
  );
}

/** Created, assessed, an internal note, SLA warning and breach, resolved. */
const life = () => [
  event(1, 'ticket.created', { severity: 'cat1', type: 'defect', reporter: 'jo@acme.test', title: 'Checkout is down' }),
  event(2, 'ticket.assessed', {
    severity: 'cat1',
    previousSeverity: 'cat1',
    type: 'defect',
    tier: 'L2',
    by: 'eng@desk.test',
  }),
  event(3, 'ticket.commented', { text: 'INTERNAL: the client’s DBA broke it', internal: true }),
  event(4, 'sla.warning', { clock: 'resolve', fraction: 0.75, dueAt: '2026-11-24T13:00:00Z' }),
  event(5, 'sla.breached', { clock: 'resolve', dueAt: '2026-11-24T13:00:00Z' }),
  event(6, 'ticket.resolved', { cause: 'A full disk' }),
];

const clientHeadlines = () => [
  `New ticket ${ticketId()}`,
  `${ticketId()} assessed`,
  `SLA warning on ${ticketId()}`,
  `SLA breached on ${ticketId()}`,
  `${ticketId()} resolved`,
];

describe('chat webhooks', () => {
  it('posts a ticket’s life in words, in order, valid for each platform, unsigned JSON; an internal note posts nothing', async () => {
    for (const e of life()) await service.accept(e);
    expect(headlines(receivers, slackUrl)).toEqual(clientHeadlines());
    expect(headlines(receivers, teamsUrl)).toEqual(clientHeadlines());
    for (const post of receivers.posts) {
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.headers['webhook-signature']).toBeUndefined();
      expect(post.body).not.toContain('INTERNAL');
      const payload = JSON.parse(post.body) as unknown;
      expect(post.url === teamsUrl ? teamsProblems(payload) : slackProblems(payload)).toEqual([]);
    }
    const created = JSON.parse(receivers.posts.find((p) => p.url === slackUrl)!.body) as unknown;
    expect(stringsOf(created).join('\n')).toContain('Severity: Category 1');
    expect(stringsOf(created).join('\n')).toContain(`https://desk.example.com/portal/tickets/${ticketId()}`);
  });

  it('posts new tickets, SLA warnings and breaches to the desk’s channel, linking to the console', async () => {
    for (const e of life()) await service.accept(e);
    expect(headlines(receivers, staffUrl)).toEqual([
      `New ticket ${ticketId()}`,
      `SLA warning on ${ticketId()}`,
      `SLA breached on ${ticketId()}`,
    ]);
    const text = receivers.posts.filter((p) => p.url === staffUrl).map((p) => p.body);
    expect(text.every((body) => body.includes(`https://desk.example.com/console/tickets/${ticketId()}`))).toBe(true);
    expect(text.every((body) => body.includes('Client: Acme Ltd'))).toBe(true);
  });

  it('gives a receiver that was down every message once, in order, after it comes back', async () => {
    receivers.answer.set(slackUrl, { ok: false, error: 'connect ECONNREFUSED' });
    for (const e of life()) await service.accept(e);
    expect(headlines(receivers, slackUrl)).toEqual([]);
    // Only the lane's head was tried: later messages wait behind it.
    expect(
      new Set(receivers.posts.filter((p) => p.url === slackUrl).map((p) => headlineOf(JSON.parse(p.body)))),
    ).toEqual(new Set([`New ticket ${ticketId()}`]));
    clock.advance(minute);
    await service.retryDue();
    receivers.answer.delete(slackUrl);
    clock.advance(2 * minute);
    await service.retryDue();
    expect(headlines(receivers, slackUrl)).toEqual(clientHeadlines());
    // Teams was up all along and was not held up.
    expect(headlines(receivers, teamsUrl)).toEqual(clientHeadlines());
  });

  it('shows a dead chat delivery’s URL by its origin only', async () => {
    receivers.answer.set(teamsUrl, { ok: false, status: 410, error: 'HTTP 410' });
    await service.accept(event(1, 'ticket.created', { title: 'Checkout is down' }));
    const [dead] = await service.failed('acme', 10);
    expect(dead).toMatchObject({ url: 'https://teams.test/…', state: 'dead' });
  });
});
