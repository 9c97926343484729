/**
 * Attacks on authentication and on the local host's control routes, tried against the local host on
 * Azurite: a revoked key, a deactivated client, the Durable Task and dev routes without the admin key,
 * and keys in the request log. Throttling is tried in auth-throttling.test.ts, on a host of its own.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

let host: RunningLocalHost;

beforeAll(async () => {
  host = await startLocalHost({ clock: 'virtual', clockStart: '2026-11-24T09:00:00Z' });
}, 120_000);

afterAll(async () => {
  await host?.stop();
});

async function ok<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function clientWithContact(clientId: string, prefix: string): Promise<string> {
  await ok(
    await host.api(`/clients/${clientId}`, {
      method: 'PUT',
      json: { ...contractClient(), ticketPrefix: prefix, notifications: { webhooks: [] } },
    }),
    201,
  );
  const email = `jo@${clientId}.test`;
  await ok(
    await host.api(`/clients/${clientId}/contacts/${encodeURIComponent(email)}`, {
      method: 'PUT',
      json: { name: 'Jo', roles: ['requester'] },
    }),
    201,
  );
  return email;
}

const newKey = async (clientId: string, name: string) =>
  ok<{ id: string; key: string }>(
    await host.api(`/clients/${clientId}/api-keys`, {
      method: 'POST',
      json: { name, scopes: ['tickets:read', 'tickets:write'] },
    }),
    201,
  );

describe('API keys', () => {
  it('are listed without the key, and a revoked key is refused on the very next request', async () => {
    const reporter = await clientWithContact('keys', 'KEYS');
    const { id, key } = await newKey('keys', 'ci-pipeline');
    const body = {
      clientId: 'keys',
      title: 'Build fails',
      description: 'x',
      severity: 'cat2',
      type: 'defect',
      reporter,
    };
    const ticket = await ok<{ id: string }>(await host.api('/tickets', { method: 'POST', json: body, key }), 201);
    expect((await host.api(`/tickets/${ticket.id}`, { key })).status).toBe(200);

    const listed = await ok<{ items: Record<string, unknown>[] }>(await host.api('/clients/keys/api-keys'));
    expect(listed.items).toEqual([
      {
        id,
        name: 'ci-pipeline',
        scopes: ['tickets:read', 'tickets:write'],
        createdAt: expect.any(String) as unknown,
        lastUsedAt: expect.any(String) as unknown,
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(key.slice(20));

    expect((await host.api(`/clients/keys/api-keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await host.api(`/tickets/${ticket.id}`, { key })).status).toBe(401);
    expect((await host.api('/tickets', { method: 'POST', json: body, key })).status).toBe(401);
    // Revoking again is fine; an unknown key is 404.
    expect((await host.api(`/clients/keys/api-keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await host.api('/clients/keys/api-keys/000000000000', { method: 'DELETE' })).status).toBe(404);
    const after = await ok<{ items: { revokedAt: string | null }[] }>(await host.api('/clients/keys/api-keys'));
    expect(after.items[0]?.revokedAt).toEqual(expect.any(String));
  });

  it('cannot list or revoke keys, or list contacts, with a client key', async () => {
    const { id, key } = await newKey('keys', 'nosy');
    expect((await host.api('/clients/keys/api-keys', { key })).status).toBe(403);
    expect((await host.api(`/clients/keys/api-keys/${id}`, { method: 'DELETE', key })).status).toBe(403);
    expect(
      (
        await host.api('/clients/keys/api-keys', {
          method: 'POST',
          key,
          json: { name: 'sneaky', scopes: ['tickets:read'] },
        })
      ).status,
    ).toBe(403);
    expect((await host.api('/clients/keys/contacts', { key })).status).toBe(403);
    const contacts = await ok<{ items: { email: string; roles: string[] }[] }>(
      await host.api('/clients/keys/contacts'),
    );
    expect(contacts.items.map((c) => c.email)).toEqual(['jo@keys.test']);
  });
});

describe('a deactivated client', () => {
  it('has its keys and contacts refused, and its data kept and readable by staff', async () => {
    const reporter = await clientWithContact('leaving', 'LEAVING');
    const { key } = await newKey('leaving', 'portal');
    const body = {
      clientId: 'leaving',
      title: 'Last one',
      description: 'x',
      severity: 'cat3',
      type: 'defect',
      reporter,
    };
    const ticket = await ok<{ id: string }>(await host.api('/tickets', { method: 'POST', json: body, key }), 201);

    const client = await ok<Record<string, unknown>>(await host.api('/clients/leaving'));
    const { id: _id, createdAt: _c, updatedAt: _u, hourBank: _h, ...rest } = client;
    await ok(
      await host.api('/clients/leaving', {
        method: 'PUT',
        json: { ...rest, notifications: { webhooks: [] }, active: false },
      }),
    );

    expect((await host.api(`/tickets/${ticket.id}`, { key })).status).toBe(401);
    const staffView = await ok<{ id: string; title: string }>(await host.api(`/tickets/${ticket.id}`));
    expect(staffView.title).toBe('Last one');
    expect((await host.api('/tickets', { method: 'POST', json: body })).status).toBe(409);
    const byContact = await host.api(`/tickets/${ticket.id}/actions`, {
      method: 'POST',
      json: { action: 'comment', by: reporter, text: 'still there?' },
    });
    expect(byContact.status).toBe(409);
    expect((await ok<{ active: boolean }>(await host.api('/clients/leaving'))).active).toBe(false);
  });
});

describe('local host control routes', () => {
  it('answer 401 without the admin key', async () => {
    // sla-keys-1 is started from the topic's sla subscription, after the create answered.
    expect((await host.api('/dev/topic/drain', { method: 'POST' })).status).toBe(200);
    const durable = `${host.baseUrl}/runtime/webhooks/durabletask`;
    const attempts: [string, RequestInit][] = [
      [`${durable}/instances`, {}],
      [`${durable}/instances/sla-keys-1`, {}],
      [`${durable}/instances/sla-keys-1/terminate?reason=gotcha`, { method: 'POST' }],
      [`${durable}/instances/sla-keys-1/raiseEvent/ticket-changed`, { method: 'POST', body: '{}' }],
      [`${durable}/orchestrators/ticket-sla/evil`, { method: 'POST', body: '{}' }],
      [`${host.baseUrl}/api/dev/clock`, {}],
      [`${host.baseUrl}/api/dev/clock`, { method: 'POST', body: JSON.stringify({ advance: 'P1000Y' }) }],
      [`${host.baseUrl}/api/dev/topic`, {}],
      [`${host.baseUrl}/api/dev/faults`, { method: 'POST', body: JSON.stringify({ bus: 'down' }) }],
      [`${host.baseUrl}/api/dev/anything-else`, {}],
    ];
    for (const [url, init] of attempts) {
      for (const authorization of [undefined, 'Bearer sdk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
        const res = await fetch(url, {
          ...init,
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        });
        expect(res.status, `${init.method ?? 'GET'} ${url}`).toBe(401);
      }
    }
    // The orchestration was neither terminated nor started: staff still see it running.
    const status = await fetch(`${durable}/instances/sla-keys-1`, {
      headers: { authorization: `Bearer ${host.adminKey}` },
    });
    expect([200, 202]).toContain(status.status);
    expect(((await status.json()) as { runtimeStatus: string }).runtimeStatus).toMatch(/Running|Pending/);
    expect(
      (await fetch(`${durable}/instances/evil`, { headers: { authorization: `Bearer ${host.adminKey}` } })).status,
    ).toBe(404);
  });

  it('keep the dev clock from moving backwards or absurdly far', async () => {
    const now = (await ok<{ now: string }>(await host.api('/dev/clock'))).now;
    for (const body of [{ advance: 'P1000Y' }, { now: '2020-01-01T00:00:00Z' }]) {
      const res = await host.api('/dev/clock', { method: 'POST', json: body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await ok<{ now: string }>(await host.api('/dev/clock'))).now).toBe(now);
  });
});

describe('responses', () => {
  it('carry the security headers, JSON and problems alike, and a 405 says what is allowed', async () => {
    for (const res of [
      await host.api('/health', { key: null }),
      await host.api('/tickets/NOPE-1'),
      await host.api('/nowhere'),
      await fetch(`${host.baseUrl}/runtime/webhooks/durabletask/instances`),
    ]) {
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), res.url).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), res.url).toContain("default-src 'none'");
    }
    const wrongMethod = await host.api('/clients/keys', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, PUT');
  });
});

describe('keys', () => {
  it('never put a key into the request log', async () => {
    const { key } = await newKey('keys', 'log-check');
    await host.api('/tickets?clientId=keys', { key });
    await host.api(`/tickets?clientId=keys&code=${key}&api_key=${key}`, { key });
    await host.api('/tickets?clientId=keys', { key: `${key.slice(0, -3)}abc` });
    const log = host.output();
    expect(log).toContain('GET /api/tickets?clientId=keys&code=***&api_key=***');
    expect(log).not.toContain(key.slice(17));
  });

  it('never put the Durable Task routes’ key segment into the request log', async () => {
    // Creating a ticket starts its SLA orchestration through the app's own Durable client URL.
    const { key } = await newKey('keys', 'durable-log-check');
    const created = await host.api('/tickets', {
      method: 'POST',
      key,
      json: { clientId: 'keys', title: 'Log', description: 'd', severity: 'cat2', reporter: 'jo@keys.test' },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    await vi.waitFor(() => expect(host.output()).toMatch(/POST \/runtime\/webhooks\/durabletask\/~/), {
      timeout: 30_000,
      interval: 50,
    });
    const logged = host.output().match(/\/runtime\/webhooks\/durabletask\/~[^/\s]*/g) ?? [];
    expect(logged.length).toBeGreaterThan(0);
    expect(new Set(logged)).toEqual(new Set(['/runtime/webhooks/durabletask/~***']));
  });
});
