import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { slackProblems, stringsOf, teamsProblems } from '../support/chat-schemas';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { ChatReceiver, headlineOf } from './support/chat-receiver';

/** What the desk says first of each public event type (src/messaging/chat-message.ts), to read a timeline as messages. */
const expectedHeadline: Record<string, (id: string) => string> = {
  'ticket.created': (id) => `New ticket ${id}`,
  'ticket.assessed': (id) => `${id} assessed`,
  'ticket.commented': (id) => `New comment on ${id}`,
  'ticket.resolved': (id) => `${id} resolved`,
  'sla.warning': (id) => `SLA warning on ${id}`,
  'sla.breached': (id) => `SLA breached on ${id}`,
  'sla.met': (id) => `SLA met on ${id}`,
};

describe('chat notifications end to end on the local host', () => {
  let host: RunningLocalHost;
  let desk: ChatReceiver;
  const receivers: ChatReceiver[] = [];

  beforeAll(async () => {
    desk = await new ChatReceiver('teams').start();
    host = await startLocalHost({
      clock: 'virtual',
      clockStart: '2026-11-24T09:00:00Z',
      env: {
        SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SUPPORTDESK_STAFF_CHAT_WEBHOOK: desk.url,
        SUPPORTDESK_STAFF_CHAT_FORMAT: 'teams',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    await Promise.all([desk, ...receivers].map((r) => r?.stop()));
  });

  async function ok(res: Response, status = 200): Promise<unknown> {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
  const drain = async () => ok(await host.api('/dev/topic/drain', { method: 'POST' }));
  const advance = async (duration: string) => {
    await ok(await host.api('/dev/clock', { method: 'POST', json: { advance: duration } }));
    await drain();
  };
  const act = async (id: string, json: Record<string, unknown>) =>
    ok(await host.api(`/tickets/${id}/actions`, { method: 'POST', json }));

  async function chatClient(clientId: string, prefix: string): Promise<{ slack: ChatReceiver; teams: ChatReceiver }> {
    const slack = await new ChatReceiver('slack').start();
    const teams = await new ChatReceiver('teams').start();
    receivers.push(slack, teams);
    const body = {
      ...contractClient(),
      ticketPrefix: prefix,
      notifications: {
        webhooks: [
          { url: slack.url, format: 'slack', events: ['ticket.*', 'sla.*'] },
          { url: teams.url, format: 'teams', events: ['*'] },
        ],
      },
    };
    await ok(await host.api(`/clients/${clientId}`, { method: 'PUT', json: body }), 201);
    await ok(
      await host.api(`/clients/${clientId}/contacts/${encodeURIComponent(`jo@${clientId}.test`)}`, {
        method: 'PUT',
        json: { name: 'Jo', roles: ['requester'] },
      }),
      201,
    );
    return { slack, teams };
  }

  async function raise(clientId: string, severity: string): Promise<string> {
    const body = {
      clientId,
      title: 'Checkout is down',
      description: 'Nothing works.',
      severity,
      type: 'defect',
      reporter: `jo@${clientId}.test`,
    };
    return ((await ok(await host.api('/tickets', { method: 'POST', json: body }), 201)) as { id: string }).id;
  }

  it('validates `format` at PUT, naming the field, and masks a chat URL when read back', async () => {
    const put = (webhook: Record<string, unknown>) =>
      host.api('/clients/fmt', {
        method: 'PUT',
        json: { ...contractClient(), ticketPrefix: 'FMT', notifications: { webhooks: [webhook] } },
      });
    const refused = async (webhook: Record<string, unknown>, field: RegExp) => {
      const res = await put(webhook);
      const text = await res.text();
      expect([400, 422], text).toContain(res.status);
      expect(text).toMatch(field);
    };
    const url = 'http://127.0.0.1:9/slack/T0/B0/credential';
    await refused({ url, format: 'discord', events: ['*'] }, /\/notifications\/webhooks\/0\/format/);
    await refused(
      { url, format: 'slack', secret: 'whsec_eydjMdng0uWHgiWATv9UuLkMZZJqalQ/', events: ['*'] },
      /\/notifications\/webhooks\/0\/secrets/,
    );
    await refused(
      { url, format: 'teams', includeInternal: true, events: ['*'] },
      /\/notifications\/webhooks\/0\/includeInternal/,
    );
    await refused({ url, events: ['*'] }, /\/notifications\/webhooks\/0\/secrets/);

    await ok(await put({ url, format: 'slack', events: ['ticket.*'] }), 201);
    const read = (await ok(await host.api('/clients/fmt'))) as {
      notifications: { webhooks: Record<string, unknown>[] };
    };
    expect(read.notifications.webhooks).toEqual([
      { url: 'http://127.0.0.1:9/…', format: 'slack', events: ['ticket.*'], includeInternal: false },
    ]);
    expect(JSON.stringify(read)).not.toContain('credential');
    // Read, edited and PUT back: the masked URL keeps the stored one.
    await ok(await put({ ...read.notifications.webhooks[0], events: ['sla.*'] }), 200);
    const stored = (await ok(await host.api('/clients/fmt'))) as {
      notifications: { webhooks: { events: string[] }[] };
    };
    expect(stored.notifications.webhooks[0]!.events).toEqual(['sla.*']);
    await refused({ url: 'http://127.0.0.2:9/…', format: 'slack', events: ['*'] }, /\/notifications\/webhooks\/0\/url/);
    // The contract client (a `standard` webhook, no `format`) is read back as `standard`.
    await ok(await host.api('/clients/fmt', { method: 'PUT', json: { ...contractClient(), ticketPrefix: 'FMT' } }));
    const contract = (await ok(await host.api('/clients/fmt'))) as {
      notifications: { webhooks: { format: string }[] };
    };
    expect(contract.notifications.webhooks.map((w) => w.format)).toEqual(['standard']);
  });

  it('posts a ticket’s life to Slack and Teams in words and in order; an internal note posts nothing; the desk hears the warning and the breach', async () => {
    const { slack, teams } = await chatClient('chat', 'CHAT');
    const id = await raise('chat', 'cat1');
    await drain();
    await act(id, { action: 'assess', tier: 'L2', estimateHours: 2 });
    await act(id, { action: 'comment', text: 'INTERNAL-NOTE the DBA broke it', internal: true });
    // Category 1 resolves within PT4H, 24x7, warning at 75%: a warning at 12:00, the breach at 13:00.
    await advance('PT3H5M');
    await advance('PT1H');
    await act(id, { action: 'resolve', cause: 'A full disk', fix: 'Rotated the logs' });
    await drain();

    const timeline = (await ok(await host.api(`/tickets/${id}/timeline`))) as {
      items: { type: string; data: { internal?: boolean } }[];
    };
    const publicTypes = timeline.items.filter((e) => e.data.internal !== true).map((e) => e.type);
    const expected = publicTypes.map((type) => expectedHeadline[type]?.(id) ?? `${id} updated`);
    for (const needed of ['New ticket', 'assessed', 'SLA warning', 'SLA breached', 'resolved'])
      expect(
        expected.some((h) => h.includes(needed)),
        needed,
      ).toBe(true);
    expect(publicTypes.length).toBe(timeline.items.length - 1);

    expect(slack.headlines(id)).toEqual(expected);
    expect(teams.headlines(id)).toEqual(expected);
    for (const r of [...slack.received, ...teams.received]) {
      expect(r.contentType).toBe('application/json');
      expect(r.headers['webhook-signature']).toBeUndefined();
      expect(JSON.stringify(r.payload)).not.toContain('INTERNAL-NOTE');
    }
    for (const r of slack.received) expect(slackProblems(r.payload)).toEqual([]);
    for (const r of teams.received) expect(teamsProblems(r.payload)).toEqual([]);

    // In words: title, who, the due time in the client's timezone, the severity by name, the ticket's page.
    const created = stringsOf(slack.received[0]!.payload).join('\n');
    expect(created).toContain('Checkout is down');
    expect(created).toContain(`Raised by jo@chat.test`);
    expect(created).toContain('Severity: Category 1');
    expect(created).toContain('Resolution due: Tue 24 Nov 2026, 13:00 (Europe/London)');
    expect(created).toContain(`${host.baseUrl}/portal/tickets/${id}`);
    const warning = stringsOf(teams.received.find((r) => headlineOf(r.payload).startsWith('SLA warning'))!.payload);
    expect(warning.join('\n')).toContain('due Tue 24 Nov 2026, 13:00 (Europe/London)');

    const deskHeadlines = desk.headlines(id);
    expect(deskHeadlines).toEqual([
      `New ticket ${id}`,
      ...expected.filter((h) => h.startsWith('SLA warning') || h.startsWith('SLA breached')),
    ]);
    for (const r of desk.received) {
      expect(teamsProblems(r.payload)).toEqual([]);
      expect(stringsOf(r.payload).some((s) => s.startsWith(`${host.baseUrl}/console/tickets/`))).toBe(true);
    }
  });

  it('gives a receiver that was down every message once, in order, after it comes back', async () => {
    const { slack, teams } = await chatClient('down', 'DOWN');
    await slack.stop();
    const id = await raise('down', 'cat3');
    await act(id, { action: 'comment', text: 'Any news?' });
    await act(id, { action: 'comment', text: 'Still broken.' });
    await drain();
    // Retries at 1 and 3 minutes fail too; the one at 7 minutes finds it back.
    await advance('PT1M');
    await advance('PT2M');
    expect(slack.received).toEqual([]);
    await slack.start();
    await advance('PT4M');
    await advance('PT5M');
    const expected = [`New ticket ${id}`, `New comment on ${id}`, `New comment on ${id}`];
    expect(slack.headlines(id)).toEqual(expected);
    expect(teams.headlines(id)).toEqual(expected);
    const comments = slack.received.slice(1).map((r) => stringsOf(r.payload).join('\n'));
    expect(comments[0]).toContain('Comment: Any news?');
    expect(comments[1]).toContain('Comment: Still broken.');
  });
});
