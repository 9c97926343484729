import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingMeter } from '../../src/adapters/metering/counting-meter';
import { devMeterRoute } from '../../local-host/dev-meter-route';

const adminKey = 'k'.repeat(32);
const meter = new CountingMeter();
let server: Server;
let base: string;

beforeAll(async () => {
  const route = devMeterRoute(meter, adminKey);
  server = createServer((req, res) => {
    void route(req, res, Buffer.alloc(0)).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET /api/dev/meter', () => {
  it('answers the counts so far to the admin key', async () => {
    meter.add('table.transactions', 3);
    meter.add('email.sent');
    const res = await fetch(`${base}/api/dev/meter`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ counts: { 'email.sent': 1, 'table.transactions': 3 } });
  });

  it('answers nobody else, and leaves other paths alone', async () => {
    expect((await fetch(`${base}/api/dev/meter`)).status).toBe(401);
    const post = await fetch(`${base}/api/dev/meter`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(post.status).toBe(405);
    expect((await fetch(`${base}/api/dev/other`, { headers: { authorization: `Bearer ${adminKey}` } })).status).toBe(
      404,
    );
  });
});
