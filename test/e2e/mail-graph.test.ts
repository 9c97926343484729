import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { httpHandshake, messageNotification, startLoopbackGraph, type LoopbackGraph } from '../support/loopback-graph';
import { rawMail } from '../support/mail/mail-builder';
import { bodyOf, setUpClient, type ClientFixture } from './support/api-fixtures';
import { until } from './support/until';

const mailbox = 'support@desk.example';
const clientState = 'e2e-graph-client-state-0123456789abcdef';

interface Ticket {
  id: string;
  title: string;
  channel: string;
  reporter: string;
  receivedAt: string;
}

describe('e-mail in through Microsoft Graph on the local host (a loopback Graph)', () => {
  let graph: LoopbackGraph;
  let host: RunningLocalHost;
  let acme: ClientFixture;
  let now = new Date('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    graph = await startLoopbackGraph({
      mailbox,
      now: () => now,
      managedIdentity: { clientId: 'e2e-identity', header: 'e2e-identity-header' },
      handshake: httpHandshake,
    });
    host = await startLocalHost({
      clock: 'virtual',
      clockStart: now.toISOString(),
      env: {
        SUPPORTDESK_SUPPORT_ADDRESS: mailbox,
        SUPPORTDESK_MAIL_IN_TRANSPORT: 'graph',
        SUPPORTDESK_GRAPH_MAILBOX: mailbox,
        SUPPORTDESK_GRAPH_CLIENT_STATE: clientState,
        SUPPORTDESK_GRAPH_BASE_URL: graph.url,
        // The app's own credential code path: ManagedIdentityCredential against the identity endpoint.
        AZURE_CLIENT_ID: 'e2e-identity',
        IDENTITY_ENDPOINT: graph.identityEndpoint,
        IDENTITY_HEADER: 'e2e-identity-header',
      },
    });
    acme = await setUpClient(host, 'acme', 'ACME');
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    await graph?.close();
  });

  async function tickets(): Promise<Ticket[]> {
    const res = await host.api('/tickets?clientId=acme&limit=200');
    expect(res.status).toBe(200);
    return (await bodyOf<{ items: Ticket[] }>(res)).items;
  }

  async function advance(duration: string, to: Date): Promise<void> {
    now = to;
    expect((await host.api('/dev/clock', { method: 'POST', json: { advance: duration } })).status).toBe(200);
  }

  it('creates the subscription from the renewal timer, Graph validating the endpoint by its handshake', async () => {
    await advance('PT10M', new Date('2026-12-07T09:10:00Z'));
    const [sub] = await until('the subscription', () =>
      Promise.resolve(graph.subscriptions.size > 0 ? [...graph.subscriptions.values()] : undefined),
    );
    expect(sub).toMatchObject({
      notificationUrl: `${host.baseUrl}/api/mail/graph/notifications`,
      lifecycleNotificationUrl: `${host.baseUrl}/api/mail/graph/notifications`,
      clientState,
      // 4,200 minutes after the host's clock when the timer ran (the local host fires due timers at the new instant).
      expirationDateTime: '2026-12-10T07:10:00.000Z',
    });
    // Every Graph call carried the managed identity's token.
    expect(
      graph.requests.filter((r) => r.path.startsWith('/v1.0/')).every((r) => r.authorization === 'Bearer graph-t0k'),
    ).toBe(true);
  });

  it('takes a notified mail (202), refuses a forged notification (403), and moves the mail', async () => {
    const sub = [...graph.subscriptions.values()][0]!;
    const id = graph.deliver(
      rawMail({
        from: `Rita <${acme.requester}>`,
        subject: 'VPN down',
        messageId: 'vpn@acme.example',
        text: 'Since 9.',
      }),
      new Date('2026-12-07T09:11:00Z'),
    );
    const forged = await fetch(`${host.baseUrl}/api/mail/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageNotification(sub.id, `${clientState}x`, mailbox, id)),
    });
    expect(forged.status).toBe(403);
    expect(graph.folder('inbox')).toEqual([id]);

    const genuine = await fetch(`${host.baseUrl}/api/mail/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageNotification(sub.id, clientState, mailbox, id)),
    });
    expect(genuine.status).toBe(202);
    const [ticket] = await until('the ticket', async () => {
      const all = await tickets();
      return all.length > 0 ? all : undefined;
    });
    expect(ticket).toMatchObject({ title: 'VPN down', channel: 'email', reporter: acme.requester });
    expect(ticket!.receivedAt).toBe('2026-12-07T09:11:00.000Z');
    await until('the move', () => Promise.resolve(graph.folder('Taken').length === 1 ? true : undefined));
    expect(graph.folder('inbox')).toEqual([]);
  });

  it('takes a mail whose notification never came on the next catch-up timer', async () => {
    graph.deliver(
      rawMail({ from: acme.requester, subject: 'Printer jammed', messageId: 'printer@acme.example' }),
      new Date('2026-12-07T09:12:00Z'),
    );
    await advance('PT10M', new Date('2026-12-07T09:20:00Z'));
    const all = await until('the second ticket', async () => {
      const list = await tickets();
      return list.length > 1 ? list : undefined;
    });
    expect(all.map((t) => t.title).sort()).toEqual(['Printer jammed', 'VPN down']);
    expect(graph.folder('inbox')).toEqual([]);
  });
});
