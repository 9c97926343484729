import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GuardedWebhookPoster } from '../../../src/adapters/webhooks/guarded-webhook-poster';
import { outboundPolicy } from '../../../src/domain/network/outbound-url';

/** A loopback receiver that records every request and answers per path. */
let server: Server;
let port: number;
const hits: { path: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    hits.push({
      path: req.url ?? '',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    req.resume();
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/landed` }).end();
    } else if (req.url === '/secret-page') {
      res.writeHead(500).end('internal admin console: db password hunter2');
    } else {
      res.writeHead(200).end('ok');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  hits.length = 0;
});

/** A resolver that answers what the test says, the way a hostile DNS server would. */
function resolverOf(answers: Record<string, string[][]>) {
  const asked: string[] = [];
  const resolve = (
    hostname: string,
    callback: (error: NodeJS.ErrnoException | null, addresses: { address: string; family: number }[]) => void,
  ) => {
    asked.push(hostname);
    const next = answers[hostname]?.shift();
    if (!next) return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      next.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  return { resolve, asked };
}

const body = '{"hello":"world"}';

describe('GuardedWebhookPoster', () => {
  it('refuses a host name that resolves to loopback, and the receiver hears nothing', async () => {
    const { resolve, asked } = resolverOf({ 'hooks.example.test': [['127.0.0.1']] });
    const poster = new GuardedWebhookPoster(outboundPolicy({ allowHttp: true }), resolve);
    const result = await poster.post(`http://hooks.example.test:${port}/x`, {}, body);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/loopback/) as unknown });
    expect(asked).toEqual(['hooks.example.test']);
    expect(hits).toEqual([]);
  });

  it('checks the address on every attempt, so DNS rebinding after a harmless first answer is caught', async () => {
    const { resolve } = resolverOf({ 'rebind.example.test': [['93.184.216.34'], ['127.0.0.1']] });
    const poster = new GuardedWebhookPoster(outboundPolicy({ allowHttp: true }), resolve);
    // First answer is public (the connection then fails or times out on the real internet — irrelevant here).
    await poster.post(`http://rebind.example.test:1/x`, {}, body).catch(() => undefined);
    const second = await poster.post(`http://rebind.example.test:${port}/x`, {}, body);
    expect(second).toMatchObject({ ok: false, error: expect.stringMatching(/Refused/) as unknown });
    expect(hits).toEqual([]);
  }, 20_000);

  it('refuses when any of the addresses is private, even if another is public', async () => {
    const { resolve } = resolverOf({ 'mixed.example.test': [['93.184.216.34', '10.0.0.5']] });
    const poster = new GuardedWebhookPoster(outboundPolicy({ allowHttp: true }), resolve);
    expect(await poster.post(`http://mixed.example.test:${port}/x`, {}, body)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/private/) as unknown,
    });
  });

  it.each(['127.0.0.1', '2130706433', '0x7f.1', '[::ffff:7f00:1]', 'localhost', '169.254.169.254'])(
    'refuses the literal %s before connecting',
    async (host) => {
      const poster = new GuardedWebhookPoster(outboundPolicy({ allowHttp: true }));
      const result = await poster.post(`http://${host}:${port}/x`, {}, body);
      expect(result.ok).toBe(false);
      expect(hits).toEqual([]);
    },
  );

  it('refuses plain http when the policy is https only', async () => {
    const poster = new GuardedWebhookPoster(outboundPolicy({ allowHttp: false, allowedHosts: '127.0.0.1' }));
    expect(await poster.post(`http://127.0.0.1:${port}/x`, {}, body)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/https/) as unknown,
    });
    expect(hits).toEqual([]);
  });

  it('delivers to an allow-listed host, with URL credentials as Basic auth', async () => {
    const poster = new GuardedWebhookPoster(outboundPolicy({ allowHttp: true, allowedHosts: '127.0.0.1' }));
    expect(await poster.post(`http://bot:s%3Acret@127.0.0.1:${port}/ok`, { 'webhook-id': 'e1' }, body)).toEqual({
      ok: true,
      status: 200,
    });
    expect(hits).toEqual([{ path: '/ok', authorization: `Basic ${Buffer.from('bot:s:cret').toString('base64')}` }]);
  });

  it('never follows a redirect', async () => {
    const poster = new GuardedWebhookPoster(outboundPolicy({ allowHttp: true, allowedHosts: '127.0.0.1' }));
    expect(await poster.post(`http://127.0.0.1:${port}/redirect`, {}, body)).toMatchObject({ ok: false, status: 302 });
    expect(hits.map((h) => h.path)).toEqual(['/redirect']);
  });

  it('records only the status of a failed answer, never what the receiver said', async () => {
    const poster = new GuardedWebhookPoster(outboundPolicy({ allowHttp: true, allowedHosts: '127.0.0.1' }));
    const result = await poster.post(`http://127.0.0.1:${port}/secret-page`, {}, body);
    expect(result).toEqual({ ok: false, status: 500, error: 'HTTP 500' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
