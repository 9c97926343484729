import { beforeEach, describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../src/adapters/mail/postal-mime-parser';
import { MailIntakeService, mailKeyOf } from '../../src/app/mail-intake-service';
import { OutboxRelay } from '../../src/app/outbox-relay';
import { OutboxWithDesk } from '../../src/app/outbox-with-desk';
import { WebhookDeliveryService } from '../../src/app/webhook-delivery';
import { deskPartition, type CloudEvent } from '../../src/domain/events/cloud-event';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import type { EventPublisher } from '../../src/ports/event-publisher';
import type { MailAttachmentSink } from '../../src/ports/mail-attachments';
import { transportKeepsRawMail } from '../../src/ports/raw-mail-archive';
import type { PostResult, WebhookPoster } from '../../src/ports/webhook-poster';
import { slackProblems, teamsProblems } from '../support/chat-schemas';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryMailStore } from '../support/in-memory/in-memory-mail-store';
import { InMemoryPeopleStore } from '../support/in-memory/in-memory-people-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import { InMemoryWebhookDeliveries } from '../support/in-memory/in-memory-webhook-deliveries';
import { rawMail } from '../support/mail/mail-builder';

const clock: Clock = { now: () => new Date('2026-12-07T10:00:00Z') };
const receivedAt = new Date('2026-12-07T09:30:00Z');
const staffUrl = 'https://hooks.slack.test/services/T0/B1/secret-desk';
const clientUrl = 'https://hooks.acme.test/every-event';
const clientSlack = 'https://hooks.slack.test/services/T0/B2/acme';
const noMailAttachments: MailAttachmentSink = { attach: () => Promise.resolve() };

class Topic implements EventPublisher {
  readonly published: CloudEvent[] = [];
  down = false;
  publish(events: readonly CloudEvent[]): Promise<void> {
    if (this.down) return Promise.reject(new Error('topic down'));
    this.published.push(...structuredClone(events));
    return Promise.resolve();
  }
}

class Receivers implements WebhookPoster {
  readonly posts: { url: string; body: string; ok: boolean }[] = [];
  answer: PostResult = { ok: true, status: 200 };
  post(url: string, _headers: Readonly<Record<string, string>>, body: string): Promise<PostResult> {
    this.posts.push({ url, body, ok: this.answer.ok });
    return Promise.resolve(this.answer);
  }
}

let mailStore: InMemoryMailStore;
let ticketStore: InMemoryTicketStore;
let topic: Topic;
let relay: OutboxRelay;
let intake: MailIntakeService;
let receivers: Receivers;
let clientStore: InMemoryClientStore;

function deliverer(format: 'slack' | 'teams') {
  return new WebhookDeliveryService(clientStore, new InMemoryWebhookDeliveries(), receivers, clock, {
    chat: { staffChannel: { url: staffUrl, format }, publicUrl: 'https://desk.example.com' },
  });
}

beforeEach(async () => {
  clientStore = new InMemoryClientStore();
  const people = new InMemoryPeopleStore();
  const clients = inMemoryClientService(clientStore, clock, people);
  // A client whose webhooks want everything, internal events included: it must still hear nothing of it.
  await clients.putClient(
    'acme',
    clientBodySchema.parse({
      ...contractClient(),
      notifications: {
        webhooks: [
          { url: clientUrl, events: ['*'], secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', includeInternal: true },
          { url: clientSlack, format: 'slack', events: ['*'] },
        ],
      },
    }),
  );
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  ticketStore = new InMemoryTicketStore();
  mailStore = new InMemoryMailStore();
  topic = new Topic();
  relay = new OutboxRelay(new OutboxWithDesk(ticketStore.outbox, mailStore.deskOutbox), topic, () => undefined);
  receivers = new Receivers();
  intake = new MailIntakeService(
    new PostalMimeParser(),
    mailStore,
    transportKeepsRawMail,
    noMailAttachments,
    clientStore,
    people,
    inMemoryTicketService(clientStore, ticketStore, clock, { listeners: [relay], people }),
    { supportAddress: 'support@desk.test', deskListener: relay },
  );
});

const strangerMail = (subject = 'Our invoice portal is down', messageId = 'q1@stranger.test') =>
  rawMail({
    from: 'Sam Stranger <sam@stranger.test>',
    subject,
    messageId,
    text: 'SECRET-BODY: the password is hunter2',
  });

describe('mail.quarantined: the desk hears of quarantined mail', () => {
  it('is written with the quarantine and published at once, filed under ~desk, with sender, subject and reason only', async () => {
    const outcome = await intake.take(strangerMail(), receivedAt);
    expect(outcome).toMatchObject({ kind: 'quarantined', reason: 'unknown-sender' });
    expect(topic.published).toHaveLength(1);
    const event = topic.published[0]!;
    const id = mailKeyOf('q1@stranger.test');
    expect(event).toMatchObject({
      id: `desk.mail.${id}`,
      type: 'mail.quarantined',
      clientid: deskPartition,
      subject: id,
      time: receivedAt.toISOString(),
      visibility: 'internal',
      data: {
        quarantineId: id,
        reason: 'unknown-sender',
        from: 'sam@stranger.test',
        fromName: 'Sam Stranger',
        subject: 'Our invoice portal is down',
        receivedAt: receivedAt.toISOString(),
      },
    });
    expect(JSON.stringify(event)).not.toContain('SECRET-BODY');
    // Published, so gone from the desk's outbox; no ticket's outbox was touched.
    expect(await mailStore.deskOutbox.pending(10)).toEqual([]);
    expect(await ticketStore.outbox.pending(10)).toEqual([]);
  });

  it('stays in the desk outbox while the topic is down, and the sweep publishes it once when it is back', async () => {
    topic.down = true;
    await intake.take(strangerMail(), receivedAt);
    // The quarantine committed with its event: the event is durable before anything was published.
    expect(await intake.quarantine({ kind: 'admin' })).toHaveLength(1);
    expect((await mailStore.deskOutbox.pending(10)).map((e) => e.event.type)).toEqual(['mail.quarantined']);
    expect(await relay.sweep()).toEqual({ published: 0, failedTickets: 1 });
    topic.down = false;
    expect(await relay.sweep()).toEqual({ published: 1, failedTickets: 0 });
    expect(await relay.sweep()).toEqual({ published: 0, failedTickets: 0 });
    expect(topic.published.map((e) => e.type)).toEqual(['mail.quarantined']);
  });

  it('a second copy of the mail announces nothing again', async () => {
    await intake.take(strangerMail(), receivedAt);
    expect(await intake.take(strangerMail(), receivedAt)).toMatchObject({ kind: 'duplicate' });
    await relay.sweep();
    expect(topic.published).toHaveLength(1);
  });

  it("reaches the desk's Slack channel only: sender, subject, reason and a link to the quarantine page, inert", async () => {
    await intake.take(strangerMail('<!channel> *urgent* <https://evil.test|click> & more'), receivedAt);
    const webhooks = deliverer('slack');
    for (const event of topic.published) await webhooks.accept(event);
    expect(receivers.posts.map((p) => p.url)).toEqual([staffUrl]);
    const body = receivers.posts[0]!.body;
    const payload = JSON.parse(body) as { text: string; blocks: unknown[] };
    expect(slackProblems(payload)).toEqual([]);
    expect(body).not.toContain('SECRET-BODY');
    expect(body).toContain('https://desk.example.com/console/quarantine');
    expect(payload.text).toContain('Mail held in quarantine');
    expect(payload.text).toContain('sam@stranger.test');
    // Slack reads `text` as mrkdwn: the subject's markup arrives as characters.
    expect(payload.text).toContain('&lt;!channel&gt; *urgent* &lt;https://evil.test|click&gt; &amp; more');
    expect(payload.text).not.toContain('<!channel>');
    expect(payload.text).toContain('The sender is no contact of any client');
    // Filed under ~desk: a dead one would be listed there, never under a client.
    expect(await webhooks.failed('acme', 10)).toEqual([]);
  });

  it("reaches the desk's Teams channel as a valid card whose texts render no markup", async () => {
    await intake.take(strangerMail('[click](https://evil.test) **now**'), receivedAt);
    const webhooks = deliverer('teams');
    for (const event of topic.published) await webhooks.accept(event);
    expect(receivers.posts.map((p) => p.url)).toEqual([staffUrl]);
    const payload = JSON.parse(receivers.posts[0]!.body) as unknown;
    expect(teamsProblems(payload)).toEqual([]);
    const body = receivers.posts[0]!.body;
    expect(body).toContain('[click](https://evil.test) **now**');
    expect(body).toContain('"type":"TextRun"');
    expect(body).not.toMatch(/"type":"(TextBlock|FactSet)"/);
    expect(body).toContain('https://desk.example.com/console/quarantine');
  });

  it('a desk delivery that dies is listed under ~desk and can be replayed by its id', async () => {
    await intake.take(strangerMail(), receivedAt);
    const webhooks = deliverer('slack');
    receivers.answer = { ok: false, status: 410, error: 'HTTP 410' };
    for (const event of topic.published) await webhooks.accept(event);
    const [dead, ...others] = await webhooks.failed(undefined, 10);
    expect(others).toEqual([]);
    expect(dead).toMatchObject({ clientId: deskPartition, eventType: 'mail.quarantined', state: 'dead' });
    expect(dead!.id.startsWith(`${deskPartition}~`)).toBe(true);
    // The URL is the channel's credential: shown by its origin only, as for any chat webhook.
    expect(dead!.url).not.toContain('secret-desk');
    receivers.answer = { ok: true, status: 200 };
    expect(await webhooks.replay(dead!.id)).toMatchObject({ state: 'delivered', clientId: deskPartition });
    expect(receivers.posts.filter((p) => p.ok).map((p) => p.url)).toEqual([staffUrl]);
  });

  it('without a desk channel, nobody is sent anything', async () => {
    await intake.take(strangerMail(), receivedAt);
    const webhooks = new WebhookDeliveryService(clientStore, new InMemoryWebhookDeliveries(), receivers, clock, {});
    for (const event of topic.published) await webhooks.accept(event);
    expect(receivers.posts).toEqual([]);
  });
});
