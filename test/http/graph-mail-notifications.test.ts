import { HttpRequest } from '@azure/functions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../src/adapters/mail/graph-client';
import { GraphMailbox } from '../../src/adapters/mail/graph-mailbox';
import { mailboxSubscriptionDefaults, MailboxTransport } from '../../src/app/mailbox-transport';
import { answerGraphNotification } from '../../src/http/graph-mail-notifications';
import { HttpProblem } from '../../src/http/problem';
import { InMemoryMailboxState } from '../support/in-memory/in-memory-mailbox-state';
import { staticToken } from '../support/loopback-ai-search';
import { messageNotification, startLoopbackGraph, type LoopbackGraph } from '../support/loopback-graph';
import { rawMail } from '../support/mail/mail-builder';

const mailboxAddress = 'support@desk.test';
const clientState = 'graph-client-state-0123456789abcdef-xyz';
const endpoint = 'https://desk.example/api/mail/graph/notifications';

let now: Date;
let graph: LoopbackGraph;
let state: InMemoryMailboxState;
let transport: MailboxTransport;
let taken: Buffer[];

function post(url: string, body?: string, contentType = 'application/json'): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url,
    headers: { 'content-type': contentType },
    ...(body !== undefined ? { body: { string: body } } : {}),
  });
}

/** The endpoint as the operation calls it: the validation token from the query. */
function answer(request: HttpRequest, to: MailboxTransport | 'none' = transport) {
  const token = new URL(request.url).searchParams.get('validationToken') ?? undefined;
  return answerGraphNotification(request, token, to === 'none' ? undefined : to).catch((error: unknown) => {
    if (error instanceof HttpProblem) return { status: error.status, body: error.detail, problem: error };
    throw error;
  });
}

beforeEach(async () => {
  now = new Date('2026-12-07T10:00:00Z');
  taken = [];
  graph = await startLoopbackGraph({
    mailbox: mailboxAddress,
    now: () => now,
    // Graph's handshake, answered by the endpoint itself.
    handshake: async (url, validationToken) => {
      const reply = await answer(
        post(`${url}?validationToken=${encodeURIComponent(validationToken)}`, '', 'text/plain'),
      );
      const headers = (reply as { headers?: Record<string, string> }).headers ?? {};
      return {
        status: reply.status ?? 200,
        contentType: headers['content-type'] ?? '',
        body: typeof reply.body === 'string' ? reply.body : '',
      };
    },
  });
  state = new InMemoryMailboxState();
  const mailbox = new GraphMailbox(new GraphClient({ baseUrl: graph.url, credential: staticToken('graph-t0k') }), {
    mailbox: mailboxAddress,
    notificationUrl: endpoint,
    clientState,
    takenFolder: 'Taken',
  });
  const intake = {
    take: (raw: Uint8Array) => {
      taken.push(Buffer.from(raw));
      return Promise.resolve({ kind: 'ignored' as const, why: 'test' });
    },
  };
  transport = new MailboxTransport(
    mailbox,
    state,
    intake,
    { now: () => now },
    { clientState, ...mailboxSubscriptionDefaults },
  );
});

afterEach(async () => {
  await graph.close();
});

describe('the Graph notification endpoint', () => {
  it('answers the validation handshake with the token as text/plain, so Graph creates the subscription', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 7b+&=?';
    const reply = await answer(post(`${endpoint}?validationToken=${encodeURIComponent(token)}`, '', 'text/plain'));
    expect(reply).toMatchObject({ status: 200, body: token, headers: { 'content-type': 'text/plain; charset=utf-8' } });

    // The loopback Graph validates the notification URL by this same handshake before it creates the subscription.
    expect(await transport.keepSubscription()).toBe('created');
    expect(graph.subscriptions.size).toBe(1);
  });

  it('is 404 where mail is not taken through Graph, and Graph then refuses the subscription', async () => {
    const reply = await answer(post(`${endpoint}?validationToken=abc`, '', 'text/plain'), 'none');
    expect(reply.status).toBe(404);
    const elsewhere = await startLoopbackGraph({
      mailbox: mailboxAddress,
      now: () => now,
      handshake: async (url, token) => {
        const r = await answer(post(`${url}?validationToken=${encodeURIComponent(token)}`, '', 'text/plain'), 'none');
        expect(r.status).toBe(404);
        return {
          status: r.status ?? 200,
          contentType: 'application/problem+json',
          body: typeof r.body === 'string' ? r.body : '',
        };
      },
    });
    try {
      const refused = new GraphMailbox(
        new GraphClient({ baseUrl: elsewhere.url, credential: staticToken('graph-t0k') }),
        {
          mailbox: mailboxAddress,
          notificationUrl: endpoint,
          clientState,
          takenFolder: 'Taken',
        },
      );
      await expect(refused.subscribe(new Date(now.getTime() + 3_600_000))).rejects.toThrow(/400/);
      expect(elsewhere.subscriptions.size).toBe(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses a notification whose clientState is forged (403), and takes no mail', async () => {
    await transport.keepSubscription();
    const id = graph.deliver(rawMail({ from: 'jo@acme.test', subject: 'Hi', messageId: 'a@acme.test' }), now);
    const before = graph.requests.length;
    const forged = messageNotification(state.held!.id, 'graph-client-state-0123456789abcdef-xyZ', mailboxAddress, id);
    const reply = await answer(post(endpoint, JSON.stringify(forged)));
    expect(reply.status).toBe(403);
    expect((reply as { problem?: HttpProblem }).problem?.errors?.[0]?.field).toBe('value.clientState');
    expect(graph.requests.length).toBe(before);
    expect(taken).toEqual([]);
    expect(graph.folder('inbox')).toEqual([id]);
  });

  it('takes the notified mail and answers 202', async () => {
    await transport.keepSubscription();
    const raw = rawMail({ from: 'jo@acme.test', subject: 'Hi', messageId: 'b@acme.test' });
    const id = graph.deliver(raw, now);
    const reply = await answer(
      post(endpoint, JSON.stringify(messageNotification(state.held!.id, clientState, mailboxAddress, id))),
    );
    expect(reply.status).toBe(202);
    expect(taken).toEqual([raw]);
    expect(graph.folder('Taken')).toHaveLength(1);
  });

  it('refuses a body that is not a notification collection (400) or not JSON (415)', async () => {
    expect((await answer(post(endpoint, JSON.stringify({ value: 'x' })))).status).toBe(400);
    expect((await answer(post(endpoint, 'value', 'text/plain'))).status).toBe(415);
    expect(taken).toEqual([]);
  });
});
