/**
 * Attacks on the webhook and notification paths, tried against the local host on Azurite:
 * server-side request forgery in every spelling, a host name that resolves to a private address,
 * signature verification across a secret rotation (checked with the `standardwebhooks` package, not
 * our signer), and internal notes that must never reach a client key, a client's webhook or a
 * contact's e-mail.
 *
 * The host lets webhooks reach 127.0.0.2 only (`SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS`), where the
 * well-behaved receiver listens; the "silent" receiver listens on every local address and must hear nothing.
 */
import { lookup } from 'node:dns/promises';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonPublicReason, parseIpAddress } from '../../src/domain/network/ip-address';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { RecordingReceiver } from '../support/recording-receiver';

const newSecret = 'whsec_bmV3LXNlY3JldC1mb3Itcm90YXRpb24tdGVzdA==';
const oldSecret = 'whsec_b2xkLXNlY3JldC1zdGlsbC1hY2NlcHRlZC0xMjM=';
const note = 'SSO cert expired, need L3';

let host: RunningLocalHost;
let silent: RecordingReceiver;
let allowed: RecordingReceiver;

beforeAll(async () => {
  silent = await new RecordingReceiver('::').start();
  allowed = await new RecordingReceiver('127.0.0.2').start();
  host = await startLocalHost({
    clock: 'virtual',
    clockStart: '2026-11-24T09:00:00Z',
    env: { SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.2' },
  });
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await silent?.stop();
  await allowed?.stop();
});

async function ok<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

const drain = async () => ok(await host.api('/dev/topic/drain', { method: 'POST' }));
const advance = async (duration: string) => {
  await ok(await host.api('/dev/clock', { method: 'POST', json: { advance: duration } }));
  await drain();
};

function clientBody(prefix: string, webhooks: unknown[]) {
  return { ...contractClient(), ticketPrefix: prefix, notifications: { webhooks } };
}

async function clientWithContact(clientId: string, prefix: string, webhooks: unknown[]): Promise<string> {
  await ok(await host.api(`/clients/${clientId}`, { method: 'PUT', json: clientBody(prefix, webhooks) }), 201);
  const email = `jo@${clientId}.test`;
  await ok(
    await host.api(`/clients/${clientId}/contacts/${encodeURIComponent(email)}`, {
      method: 'PUT',
      json: { name: 'Jo', roles: ['requester', 'approver'] },
    }),
    201,
  );
  return email;
}

async function raise(clientId: string, reporter: string, key?: string): Promise<string> {
  const body = {
    clientId,
    title: 'Sign-in fails',
    description: 'Nobody can sign in.',
    severity: 'cat2',
    type: 'defect',
    reporter,
  };
  return (
    await ok<{ id: string }>(await host.api('/tickets', { method: 'POST', json: body, ...(key ? { key } : {}) }), 201)
  ).id;
}

describe('server-side request forgery', () => {
  it('refuses every spelling of an internal address when the webhook is configured, naming the field', async () => {
    const port = silent.port;
    const spellings = [
      `http://127.0.0.1:${port}/x`,
      `http://localhost:${port}/x`,
      `http://[::1]:${port}/x`,
      `http://[::ffff:7f00:1]:${port}/x`,
      `http://[::ffff:127.0.0.1]:${port}/x`,
      `http://2130706433:${port}/x`,
      `http://0x7f.1:${port}/x`,
      `http://017700000001:${port}/x`,
      `http://127.1:${port}/x`,
      `http://0.0.0.0:${port}/x`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://10.0.0.1/x',
      'http://172.16.5.4/x',
      'http://192.168.0.1/x',
      'http://100.64.0.1/x',
      'http://224.0.0.251/x',
      `${host.baseUrl}/api/health`,
    ];
    for (const [index, url] of spellings.entries()) {
      const res = await host.api(`/clients/ssrf${index}`, {
        method: 'PUT',
        json: clientBody(`SSRF${index}`, [{ url, secret: newSecret, events: ['*'] }]),
      });
      const problem = (await res.json()) as { status: number; errors?: { field: string; message: string }[] };
      expect(res.status, url).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(problem.errors?.[0]?.field, url).toBe('notifications.webhooks.0.url');
    }
    // None of them was stored, so nothing can ever be sent.
    expect((await host.api('/clients/ssrf0')).status).toBe(404);
    expect(silent.received).toEqual([]);
  });

  it('checks the resolved address when connecting: a host name that resolves to a private address is never called', async () => {
    // The machine's own name resolves to a loopback or private address on any ordinary machine.
    const name = os.hostname();
    const addresses = await lookup(name, { all: true });
    expect(addresses.length).toBeGreaterThan(0);
    for (const { address } of addresses)
      expect(nonPublicReason(parseIpAddress(address)!), `${name} → ${address}`).toBeDefined();

    const reporter = await clientWithContact('rebind', 'REBIND', [
      { url: `http://${name}:${silent.port}/hook`, secret: newSecret, events: ['*'] },
    ]);
    const id = await raise('rebind', reporter);
    await drain();
    // Every retry resolves and checks again, until the delivery is given up. Each wait covers the backoff and
    // one run of the five-minute retry timer.
    for (const wait of ['PT5M', 'PT5M', 'PT5M', 'PT8M', 'PT16M', 'PT32M', 'PT60M']) await advance(wait);
    const failed = await ok<{
      items: { eventId: string; state: string; lastError: string; lastStatus?: number; attempts: number }[];
    }>(await host.api('/deliveries/failed?clientId=rebind'));
    expect(failed.items).toEqual([expect.objectContaining({ eventId: `${id}.1`, state: 'dead', attempts: 8 })]);
    expect(failed.items[0]!.lastError).toMatch(/^Refused: the host resolves to a (loopback|private)/);
    expect(failed.items[0]!.lastStatus).toBeUndefined();
    expect(silent.received).toEqual([]);
  }, 120_000);
});

describe('webhook secrets and URLs', () => {
  it('signs every delivery with both rotated secrets: a receiver holding either one verifies it', async () => {
    const url = `http://hook-user:hook-password@127.0.0.2:${allowed.port}/rotating`;
    const reporter = await clientWithContact('rotate', 'ROTATE', [
      { url, secrets: [newSecret, oldSecret], events: ['ticket.*'] },
    ]);
    const id = await raise('rotate', reporter);
    await drain();
    const request = allowed.received.find((r) => r.path === '/rotating');
    expect(request).toBeDefined();
    const headers = {
      'webhook-id': String(request!.headers['webhook-id']),
      'webhook-timestamp': String(request!.headers['webhook-timestamp']),
      'webhook-signature': String(request!.headers['webhook-signature']),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(request!.body, headers)).toMatchObject({
      id: `${id}.1`,
      type: 'ticket.created',
    });
    expect(new Webhook(oldSecret).verify(request!.body, headers)).toMatchObject({ id: `${id}.1` });
    expect(() => new Webhook('whsec_c29tZW9uZS1lbHNlcy1zZWNyZXQtMDAwMDAw').verify(request!.body, headers)).toThrow();
    // A tampered body fails with either secret.
    expect(() =>
      new Webhook(newSecret).verify(request!.body.replace('Sign-in fails', 'Sign-in works'), headers),
    ).toThrow();
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from('hook-user:hook-password').toString('base64')}`);
  });

  it('never shows the secrets or the credentials in the URL', async () => {
    const shown = await ok<{ notifications: { webhooks: { url: string; secrets: string[] }[] } }>(
      await host.api('/clients/rotate'),
    );
    const text = JSON.stringify(shown);
    expect(shown.notifications.webhooks[0]!.url).toBe(`http://***:***@127.0.0.2:${allowed.port}/rotating`);
    expect(text).not.toContain('hook-password');
    expect(text).not.toContain('hook-user');
    for (const secret of [newSecret, oldSecret]) expect(text).not.toContain(secret.slice(12));
    expect(shown.notifications.webhooks[0]!.secrets).toHaveLength(2);
  });

  it('refuses more than two secrets, and both secret and secrets at once', async () => {
    const url = `http://127.0.0.2:${allowed.port}/x`;
    for (const webhook of [
      { url, secrets: [newSecret, oldSecret, newSecret], events: ['*'] },
      { url, secret: newSecret, secrets: [oldSecret], events: ['*'] },
      { url, events: ['*'] },
    ]) {
      const res = await host.api('/clients/badsecrets', { method: 'PUT', json: clientBody('BADSECRETS', [webhook]) });
      expect(res.status, JSON.stringify(webhook)).toBe(400);
    }
  });
});

describe('internal notes', () => {
  let clientKey: string;
  let ticketId: string;
  let reporter: string;

  beforeAll(async () => {
    reporter = await clientWithContact('intern', 'INTERN', [
      { url: `http://127.0.0.2:${allowed.port}/client-hook`, secret: newSecret, events: ['*'] },
      { url: `http://127.0.0.2:${allowed.port}/staff-hook`, secret: oldSecret, events: ['*'], includeInternal: true },
    ]);
    clientKey = (
      await ok<{ key: string }>(
        await host.api('/clients/intern/api-keys', {
          method: 'POST',
          json: { name: 'intern-portal', scopes: ['tickets:read', 'tickets:write'] },
        }),
        201,
      )
    ).key;
    ticketId = await raise('intern', reporter, clientKey);
    await ok(
      await host.api(`/tickets/${ticketId}/actions`, {
        method: 'POST',
        json: { action: 'comment', text: note, internal: true },
      }),
    );
    await ok(
      await host.api(`/tickets/${ticketId}/actions`, {
        method: 'POST',
        json: { action: 'escalate', tier: 'L3', handoverNote: note },
      }),
    );
    await ok(
      await host.api(`/tickets/${ticketId}/actions`, {
        method: 'POST',
        json: { action: 'comment', text: 'We are on it.' },
      }),
    );
    await drain();
  });

  it('a client key never sees them on the timeline or the ticket', async () => {
    const timeline = await ok<{ items: { type: string; data: Record<string, unknown> }[] }>(
      await host.api(`/tickets/${ticketId}/timeline`, { key: clientKey }),
    );
    expect(timeline.items.map((e) => e.type)).toEqual(['ticket.created', 'ticket.escalated', 'ticket.commented']);
    expect(timeline.items[1]!.data).toMatchObject({ from: 'L1', to: 'L3' });
    const ticket = await (await host.api(`/tickets/${ticketId}`, { key: clientKey })).text();
    expect(JSON.stringify(timeline) + ticket).not.toContain(note);

    // Staff see everything.
    const staff = await ok<{ items: { type: string; data: Record<string, unknown> }[] }>(
      await host.api(`/tickets/${ticketId}/timeline`),
    );
    expect(staff.items.filter((e) => JSON.stringify(e).includes(note)).map((e) => e.type)).toEqual([
      'ticket.commented',
      'ticket.escalated',
    ]);
  });

  it('a client key cannot write one', async () => {
    const res = await host.api(`/tickets/${ticketId}/actions`, {
      method: 'POST',
      key: clientKey,
      json: { action: 'comment', by: reporter, text: 'psst', internal: true },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('internal');
  });

  it("the client's webhook gets the public events only; a receiver that opted in gets them all", () => {
    const bodies = (hook: string) =>
      allowed.received
        .filter((r) => r.path === hook)
        .map((r) => JSON.parse(r.body) as { type: string; visibility?: string; data: Record<string, unknown> });
    const client = bodies('/client-hook');
    expect(client.map((e) => e.type)).toEqual(['ticket.created', 'ticket.escalated', 'ticket.commented']);
    expect(JSON.stringify(client)).not.toContain(note);
    const staff = bodies('/staff-hook');
    expect(staff.map((e) => e.type)).toEqual([
      'ticket.created',
      'ticket.commented',
      'ticket.escalated',
      'ticket.commented',
    ]);
    expect(staff[1]).toMatchObject({ visibility: 'internal', data: { text: note, internal: true } });
    expect(staff[2]!.data.handoverNote).toBe(note);
  });

  it("never reaches a contact's e-mail", () => {
    const mailDir = path.join(host.dataDir, 'mail');
    const mails = readdirSync(mailDir).filter((f) => f.startsWith(`${ticketId}.`));
    expect(mails.some((f) => f.includes(reporter))).toBe(true);
    for (const file of mails) expect(readFileSync(path.join(mailDir, file), 'utf8'), file).not.toContain(note);
  });
});
