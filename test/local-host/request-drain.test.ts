import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestDrain } from '../../local-host/request-drain';

/** A server whose `/slow` requests wait until the test releases them. */
function drainedServer() {
  const drain = new RequestDrain({ isInternal: (req) => req.url?.startsWith('/internal/') === true });
  const held: (() => void)[] = [];
  const entered: (() => void)[] = [];
  const server: Server = createServer((req, res) =>
    drain.handle(req, res, () => {
      if (req.url === '/slow') {
        held.push(() => res.end('slow done'));
        entered.shift()?.();
      } else res.end('quick');
    }),
  );
  return {
    drain,
    server,
    /** Resolves once the next `/slow` request is being handled. */
    nextSlowEntered: () => new Promise<void>((resolve) => entered.push(resolve)),
    releaseAll: () => held.splice(0).forEach((release) => release()),
  };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('RequestDrain', () => {
  it('answers requests under way, refuses new ones with 503 but lets internal calls through, then closes', async () => {
    const s = drainedServer();
    const base = await listening(s.server);
    const entered = s.nextSlowEntered();
    const slow = fetch(`${base}/slow`);
    await entered;
    expect(s.drain.inFlight).toBe(1);

    let drained = false;
    const draining = s.drain.drain(s.server, 60_000).then((result) => {
      drained = true;
      return result;
    });
    const refused = await fetch(`${base}/quick`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await fetch(`${base}/internal/x`)).status).toBe(200);
    expect(drained).toBe(false);

    s.releaseAll();
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(await answered.text()).toBe('slow done');
    expect(await draining).toEqual({ cutOff: 0 });
    expect(s.server.listening).toBe(false);
  });

  it('cuts off what is still under way after the time limit and says how many', async () => {
    const s = drainedServer();
    const base = await listening(s.server);
    const entered = s.nextSlowEntered();
    const slow = fetch(`${base}/slow`).catch((error: unknown) => error);
    await entered;
    expect(await s.drain.drain(s.server, 0)).toEqual({ cutOff: 1 });
    expect(await slow).toBeInstanceOf(Error);
  });

  it('closes at once when nothing is under way', async () => {
    const s = drainedServer();
    const base = await listening(s.server);
    expect((await fetch(`${base}/quick`)).status).toBe(200);
    expect(await s.drain.drain(s.server, 60_000)).toEqual({ cutOff: 0 });
    expect(s.server.listening).toBe(false);
  });
});
