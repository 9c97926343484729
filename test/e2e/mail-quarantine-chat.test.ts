import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { slackProblems, stringsOf } from '../support/chat-schemas';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import type { TestMail } from '../support/mail/mail-builder';
import { ChatReceiver, headlineOf } from './support/chat-receiver';
import { until } from './support/until';
import { dropIntoInbox } from './support/inbox';

/**
 * Issue 36 on the local host: mail held in quarantine reaches the desk's chat channel (a loopback
 * receiver answering as Slack does) with sender, subject, reason and a link to the console's quarantine
 * page — never the body — while a client's webhooks that want every event hear nothing of it.
 */
describe("quarantined mail reaches the desk's chat channel, end to end", () => {
  let host: RunningLocalHost;
  let desk: ChatReceiver;
  let clientHook: ChatReceiver;
  let inbox: string;
  let n = 0;

  beforeAll(async () => {
    desk = await new ChatReceiver('slack').start();
    clientHook = await new ChatReceiver('slack').start();
    host = await startLocalHost({
      clock: 'virtual',
      clockStart: '2026-12-07T09:00:00Z',
      env: {
        SUPPORTDESK_SUPPORT_ADDRESS: 'support@desk.example',
        SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SUPPORTDESK_STAFF_CHAT_WEBHOOK: desk.url,
        SUPPORTDESK_STAFF_CHAT_FORMAT: 'slack',
      },
    });
    const put = await host.api('/clients/acme', {
      method: 'PUT',
      json: {
        ...contractClient(),
        ticketPrefix: 'ACME',
        notifications: { webhooks: [{ url: clientHook.url, format: 'slack', events: ['*'] }] },
      },
    });
    expect(put.status, await put.text()).toBe(201);
    inbox = path.join(host.dataDir, 'mail', 'inbox');
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    await Promise.all([desk?.stop(), clientHook?.stop()]);
  });

  const drop = (mail: TestMail) => dropIntoInbox(inbox, mail, `q${++n}.eml`);

  it('posts sender, subject, reason and the quarantine link, inert and without the body; no client hears it', async () => {
    await drop({
      from: 'Sam Stranger <sam@stranger.example>',
      subject: '<!channel> Portal *down* <https://evil.example|login here>',
      messageId: 'stranger-1@stranger.example',
      text: 'SECRET-BODY-TEXT: call me on 555-0100',
    });
    const quarantined = await host.api('/mail/quarantine');
    expect(quarantined.status).toBe(200);
    const { items } = (await quarantined.json()) as { items: { id: string; reason: string }[] };
    expect(items).toMatchObject([{ reason: 'unknown-sender' }]);

    const drained = await host.api('/dev/topic/drain', { method: 'POST' });
    expect(drained.status, await drained.text()).toBe(200);
    const message = await until('the desk channel message', () => desk.received[0]);
    expect(desk.received).toHaveLength(1);
    expect(message.contentType).toBe('application/json');
    expect(slackProblems(message.payload)).toEqual([]);
    expect(headlineOf(message.payload)).toBe('Mail held in quarantine');
    const strings = stringsOf(message.payload).join('\n');
    expect(strings).toContain('Sam Stranger <sam@stranger.example>');
    expect(strings).toContain('The sender is no contact of any client');
    expect(strings).toMatch(/\/console\/quarantine/);
    const raw = JSON.stringify(message.payload);
    expect(raw).not.toContain('SECRET-BODY-TEXT');
    // Slack reads the top-level `text` as markup: the subject's `<!channel>` and link arrive as characters.
    const text = (message.payload as { text: string }).text;
    expect(text).toContain('&lt;!channel&gt; Portal *down* &lt;https://evil.example|login here&gt;');
    expect(text).not.toContain('<!channel>');
    // Nothing from the mail in a header either.
    expect(JSON.stringify(message.headers)).not.toMatch(/stranger|channel|evil/i);

    // The client's webhook, which wants every event, was never sent it (nor anything else).
    expect(clientHook.received).toEqual([]);
    // A second copy of the same mail is a duplicate: no second message.
    await drop({
      from: 'Sam Stranger <sam@stranger.example>',
      subject: 'again',
      messageId: 'stranger-1@stranger.example',
      text: 'again',
    });
    await host.api('/dev/topic/drain', { method: 'POST' });
    expect(desk.received).toHaveLength(1);
  });
});
