import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/adapters/mail/graph-client';
import { GraphMailbox } from '../../../src/adapters/mail/graph-mailbox';
import { PostalMimeParser } from '../../../src/adapters/mail/postal-mime-parser';
import { MailIntakeService, type MailIntakeOutcome } from '../../../src/app/mail-intake-service';
import { mailboxSubscriptionDefaults, MailboxTransport } from '../../../src/app/mailbox-transport';
import { clientBodySchema } from '../../../src/http/operations/client-schemas';
import type { Clock } from '../../../src/ports/clock';
import { transportKeepsRawMail } from '../../../src/ports/raw-mail-archive';
import { contractClient } from '../../support/contract';
import { InMemoryClientStore } from '../../support/in-memory/in-memory-client-store';
import { InMemoryMailStore } from '../../support/in-memory/in-memory-mail-store';
import { InMemoryMailboxState } from '../../support/in-memory/in-memory-mailbox-state';
import { InMemoryPeopleStore } from '../../support/in-memory/in-memory-people-store';
import { InMemoryTicketStore } from '../../support/in-memory/in-memory-ticket-store';
import { inMemoryClientService, inMemoryTicketService } from '../../support/in-memory/in-memory-services';
import { staticToken } from '../../support/loopback-ai-search';
import {
  lifecycleNotification,
  messageNotification,
  startLoopbackGraph,
  type LoopbackGraph,
} from '../../support/loopback-graph';
import { rawMail } from '../../support/mail/mail-builder';
import { maxMailBytes } from '../../../src/domain/mail/inbound-mail';

const mailboxAddress = 'support@desk.test';
const clientState = 'graph-client-state-0123456789abcdef-xyz';
const minute = 60_000;
const hour = 60 * minute;

let now: Date;
const clock: Clock = { now: () => now };
let graph: LoopbackGraph;
let state: InMemoryMailboxState;
let transport: MailboxTransport;
let taken: { receivedAt: string; bytes: number; outcome: MailIntakeOutcome }[];
let slept: number[];
let logged: string[];
let n = 0;
let scopes: Set<string>;

beforeEach(async () => {
  now = new Date('2026-12-07T10:00:00Z');
  taken = [];
  scopes = new Set();
  slept = [];
  logged = [];
  graph = await startLoopbackGraph({ mailbox: mailboxAddress, now: () => now });
  const clientStore = new InMemoryClientStore();
  const people = new InMemoryPeopleStore();
  const clients = inMemoryClientService(clientStore, clock, people);
  const tickets = inMemoryTicketService(clientStore, new InMemoryTicketStore(), clock, { people });
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  const intake = new MailIntakeService(
    new PostalMimeParser(),
    new InMemoryMailStore(),
    transportKeepsRawMail,
    { attach: () => Promise.resolve() },
    clientStore,
    people,
    tickets,
    { supportAddress: mailboxAddress },
  );
  const counted = {
    take: async (raw: Uint8Array, receivedAt: Date) => {
      const outcome = await intake.take(raw, receivedAt);
      taken.push({ receivedAt: receivedAt.toISOString(), bytes: raw.byteLength, outcome });
      return outcome;
    },
  };
  const client = new GraphClient({
    baseUrl: graph.url,
    credential: {
      getToken: (scope) => {
        scopes.add(String(scope));
        return staticToken('graph-t0k').getToken(scope);
      },
    },
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  });
  const mailbox = new GraphMailbox(client, {
    mailbox: mailboxAddress,
    notificationUrl: 'https://desk.example/api/mail/graph/notifications',
    clientState,
    takenFolder: 'Taken',
  });
  state = new InMemoryMailboxState();
  transport = new MailboxTransport(mailbox, state, counted, clock, {
    clientState,
    ...mailboxSubscriptionDefaults,
    log: (m) => logged.push(m),
  });
});

afterEach(async () => {
  await graph.close();
});

function deliver(subject: string, receivedAt = now): string {
  return graph.deliver(rawMail({ from: 'jo@acme.test', subject, messageId: `m${++n}@acme.test` }), receivedAt);
}

const tickets = () => taken.filter((t) => t.outcome.kind === 'ticket');
const requestsTo = (method: string, pattern: RegExp) =>
  graph.requests.filter((r) => r.method === method && pattern.test(r.path));

describe('the Microsoft Graph mail transport against a loopback Graph', () => {
  it('creates the subscription on the inbox, and renews it only when less than two days are left', async () => {
    expect(await transport.keepSubscription()).toBe('created');
    const [sub] = [...graph.subscriptions.values()];
    expect(sub).toMatchObject({
      resource: `users/${mailboxAddress}/mailFolders('inbox')/messages`,
      changeType: 'created',
      notificationUrl: 'https://desk.example/api/mail/graph/notifications',
      lifecycleNotificationUrl: 'https://desk.example/api/mail/graph/notifications',
      clientState,
      expirationDateTime: '2026-12-10T08:00:00.000Z',
    });
    expect(state.held).toEqual({ id: sub!.id, expiresAt: new Date('2026-12-10T08:00:00Z') });

    now = new Date(now.getTime() + 21 * hour);
    expect(await transport.keepSubscription()).toBe('current');
    expect(requestsTo('PATCH', /^\/v1\.0\/subscriptions\//)).toHaveLength(0);

    // 47 h 59 min before it would expire: renewed for another 4200 minutes from now.
    now = new Date(new Date('2026-12-10T08:00:00Z').getTime() - 48 * hour + minute);
    expect(await transport.keepSubscription()).toBe('renewed');
    expect(requestsTo('PATCH', new RegExp(`^/v1\\.0/subscriptions/${sub!.id}$`))).toHaveLength(1);
    const expected = new Date(now.getTime() + 4200 * minute);
    expect(graph.subscriptions.get(sub!.id)!.expirationDateTime).toBe(expected.toISOString());
    expect(state.held!.expiresAt).toEqual(expected);
    expect(graph.subscriptions.size).toBe(1);
  });

  it('creates the subscription again when Graph no longer has it, and catches up with the inbox', async () => {
    await transport.keepSubscription();
    const old = state.held!.id;
    graph.subscriptions.delete(old);
    deliver('Arrived while there was no subscription');
    now = new Date(now.getTime() + 60 * hour);
    expect(await transport.keepSubscription()).toBe('created');
    expect(state.held!.id).not.toBe(old);
    expect(graph.subscriptions.has(state.held!.id)).toBe(true);
    expect(tickets()).toHaveLength(1);
    expect(graph.folder('inbox')).toEqual([]);
  });

  it('takes a notified mail by its $value with the mailbox receipt time, once when notified twice, and moves it', async () => {
    await transport.keepSubscription();
    const id = deliver('Printer on fire', new Date('2026-12-07T09:58:00Z'));
    const note = messageNotification(state.held!.id, clientState, mailboxAddress, id, id);
    const first = transport.notified(items(note));
    const second = transport.notified(items(messageNotification(state.held!.id, clientState, mailboxAddress, id)));
    expect(first.accepted).toBe(2);
    await Promise.all([first.work, second.work]);
    await transport.notified(items(messageNotification(state.held!.id, clientState, mailboxAddress, id))).work;

    expect(tickets()).toHaveLength(1);
    expect(tickets()[0]!.receivedAt).toBe('2026-12-07T09:58:00.000Z');
    expect(taken.every((t) => t.outcome.kind === 'ticket' || t.outcome.kind === 'duplicate')).toBe(true);
    expect(requestsTo('GET', new RegExp(`/messages/${escape(id)}/\\$value$`)).length).toBeGreaterThanOrEqual(1);
    expect(graph.folder('inbox')).toEqual([]);
    expect(graph.folder('Taken')).toHaveLength(1);
    expect(logged).toEqual([]);
  });

  it('reads a mail over the size limit only up to the limit, and quarantines it as too large', async () => {
    await transport.keepSubscription();
    const huge = rawMail({
      from: 'jo@acme.test',
      subject: 'Full log attached',
      messageId: 'huge@acme.test',
      text: 'x'.repeat(maxMailBytes + 4 * 1024 * 1024),
    });
    const id = graph.deliver(huge, now);
    await transport.notified(items(messageNotification(state.held!.id, clientState, mailboxAddress, id))).work;

    expect(huge.byteLength).toBeGreaterThan(maxMailBytes + 1);
    expect(taken).toHaveLength(1);
    // The download stopped one byte past the limit: the rest of the 29 MB never reached the instance.
    expect(taken[0]!.bytes).toBe(maxMailBytes + 1);
    expect(taken[0]!.outcome).toMatchObject({ kind: 'quarantined', reason: 'too-large' });
    expect(tickets()).toEqual([]);
  });

  it('takes every message a collection names, and logs (never throws) what fails', async () => {
    await transport.keepSubscription();
    const ids = Array.from({ length: 10 }, (_, i) => deliver(`Batch ${i}`));
    graph.failNext('GET', new RegExp(`/messages/${escape(ids[3]!)}/\\$value$`), 500);
    const done = transport.notified(items(messageNotification(state.held!.id, clientState, mailboxAddress, ...ids)));
    await done.work;
    expect(tickets()).toHaveLength(9);
    expect(graph.folder('inbox')).toEqual([ids[3]]);
    expect(logged).toEqual([
      expect.stringMatching(/^mailbox message not taken .*: Microsoft Graph GET .*\$value: 500/),
    ]);
    // The next catch-up takes it.
    await transport.catchUp();
    expect(tickets()).toHaveLength(10);
  });

  it('takes nothing for a notification whose clientState is forged', async () => {
    await transport.keepSubscription();
    const id = deliver('Please take me');
    const before = graph.requests.length;
    const forged = transport.notified(items(messageNotification(state.held!.id, 'not-the-secret', mailboxAddress, id)));
    const missing = transport.notified([{ changeType: 'created', messageId: id }]);
    const lifecycle = transport.notified(items(lifecycleNotification(state.held!.id, 'guess', 'subscriptionRemoved')));
    await Promise.all([forged.work, missing.work, lifecycle.work]);
    expect([forged.accepted, missing.accepted, lifecycle.accepted]).toEqual([0, 0, 0]);
    expect(forged.refused).toBe(1);
    expect(graph.requests.length).toBe(before);
    expect(taken).toEqual([]);
    expect(graph.folder('inbox')).toEqual([id]);
  });

  it('the catch-up run takes mail whose notification was lost, and afterwards only what is new', async () => {
    const early = deliver('Before the first run');
    expect(await transport.catchUp()).toEqual({ taken: 1, failed: 0 });
    expect(state.link).toMatch(new RegExp(`^${escape(graph.url)}/users/`));

    const lost = deliver('Its notification never came');
    expect(await transport.catchUp()).toEqual({ taken: 1, failed: 0 });
    expect(tickets()).toHaveLength(2);
    expect(requestsTo('GET', new RegExp(`/messages/${escape(early)}/\\$value$`))).toHaveLength(1);
    expect(requestsTo('GET', new RegExp(`/messages/${escape(lost)}/\\$value$`))).toHaveLength(1);
    expect(await transport.catchUp()).toEqual({ taken: 0, failed: 0 });
    expect(graph.folder('Taken')).toHaveLength(2);
  });

  it('reads every page of the delta, and keeps the old delta link when a mail could not be taken', async () => {
    for (let i = 0; i < 120; i++) deliver(`Mail ${i}`);
    await transport.catchUp();
    expect(tickets()).toHaveLength(120);
    expect(requestsTo('GET', /\/messages\/delta$/).length).toBe(3); // 50 + 50 + 20
    const link = state.link;

    const stuck = deliver('Graph keeps failing on this one');
    graph.failNext('GET', new RegExp(`/messages/${escape(stuck)}/\\$value$`), 500, undefined, 1);
    expect(await transport.catchUp()).toEqual({ taken: 0, failed: 1 });
    expect(state.link).toBe(link);
    expect(graph.folder('inbox')).toEqual([stuck]);
    expect(await transport.catchUp()).toEqual({ taken: 1, failed: 0 });
    expect(graph.folder('inbox')).toEqual([]);
  });

  it('starts over from the whole inbox when Graph has forgotten the delta link (410)', async () => {
    await transport.catchUp();
    graph.forgetDeltaTokens();
    deliver('After the sync state expired');
    expect(await transport.catchUp()).toEqual({ taken: 1, failed: 0 });
    expect(tickets()).toHaveLength(1);
  });

  it('handles lifecycle notifications: reauthorize renews, removed recreates, missed catches up', async () => {
    await transport.keepSubscription();
    const first = state.held!.id;
    now = new Date(now.getTime() + hour);
    await transport.notified(items(lifecycleNotification(first, clientState, 'reauthorizationRequired'))).work;
    expect(state.held).toEqual({ id: first, expiresAt: new Date(now.getTime() + 4200 * minute) });

    graph.subscriptions.delete(first);
    await transport.notified(items(lifecycleNotification(first, clientState, 'subscriptionRemoved'))).work;
    expect(state.held!.id).not.toBe(first);
    expect(graph.subscriptions.has(state.held!.id)).toBe(true);

    deliver('Missed by Graph');
    await transport.notified(items(lifecycleNotification(state.held!.id, clientState, 'missed'))).work;
    expect(tickets()).toHaveLength(1);
  });

  it('waits as Retry-After says when Graph answers 429 or 503, then goes on', async () => {
    const id = deliver('Throttled');
    graph.failNext('GET', new RegExp(`/messages/${escape(id)}/\\$value$`), 429, '7');
    graph.failNext('POST', /\/messages\/[^/]+\/move$/, 503, '2');
    graph.failNext('GET', /\/mailFolders\('inbox'\)\/messages\/delta$/, 503);
    expect(await transport.catchUp()).toEqual({ taken: 1, failed: 0 });
    expect(slept).toEqual([1000, 7000, 2000]);
    expect(graph.folder('Taken')).toHaveLength(1);
  });

  it('gives up after four attempts, or at once when Retry-After asks for more than a minute', async () => {
    const id = deliver('Very throttled');
    graph.failNext('GET', new RegExp(`/messages/${escape(id)}/\\$value$`), 429, '1', 4);
    expect(await transport.catchUp()).toEqual({ taken: 0, failed: 1 });
    expect(slept).toEqual([1000, 1000, 1000]);
    graph.failNext('GET', new RegExp(`/messages/${escape(id)}/\\$value$`), 503, '3600');
    expect(await transport.catchUp()).toEqual({ taken: 0, failed: 1 });
    expect(slept).toHaveLength(3);
    expect(graph.folder('inbox')).toEqual([id]);
  });

  it('never follows a link outside the configured Graph base URL', async () => {
    const elsewhere = await startLoopbackGraph({ mailbox: mailboxAddress });
    try {
      for (let i = 0; i < 60; i++) deliver(`Mail ${i}`);
      graph.linkOrigin = new URL(elsewhere.url).origin;
      await expect(transport.catchUp()).rejects.toThrow(/outside the configured Graph base URL/);
      expect(elsewhere.requests).toEqual([]);
      expect(taken).toEqual([]);
      // A stored delta link elsewhere (a changed base URL) is not followed either: the run starts over here.
      state.link = `${elsewhere.url}/users/${mailboxAddress}/mailFolders('inbox')/messages/delta?$deltatoken=0`;
      graph.linkOrigin = undefined;
      await transport.catchUp();
      expect(elsewhere.requests).toEqual([]);
      expect(tickets()).toHaveLength(60);
      expect(graph.requests.every((r) => r.authorization === 'Bearer graph-t0k')).toBe(true);
      // The token is asked for the Graph resource of the base URL (https://graph.microsoft.com/.default in Azure).
      expect([...scopes]).toEqual([`${new URL(graph.url).origin}/.default`]);
    } finally {
      await elsewhere.close();
    }
  });
});

function items(collection: { value: unknown[] }) {
  return collection.value.map((raw) => {
    const v = raw as Record<string, unknown> & { resourceData?: { id?: string } };
    return {
      clientState: v.clientState as string | undefined,
      subscriptionId: v.subscriptionId as string | undefined,
      changeType: v.changeType as string | undefined,
      lifecycleEvent: v.lifecycleEvent as string | undefined,
      messageId: v.resourceData?.id,
    };
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
