import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../support/azurite';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { processesMentioning } from '../support/processes';
import { clientBody, createTicket, putContact } from './support/api-fixtures';

/** Polls a condition another process brings about (no fixed sleep); fails after `limitMs`. */
async function until(condition: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group, and `kill -TERM -<pgid>`
 * SIGTERM to it: whatever the host answered 2xx before that must be there after `npm start` again.
 */
describe('stopping the local host', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function dataDir(): string {
    const data = tempDataDir('supportdesk-stop-');
    cleanups.push(() => {
      // Whatever a failed run left behind must not outlive the test.
      for (const pid of processesMentioning(data.dir)) process.kill(pid, 'SIGKILL');
      data.remove();
    });
    return data.dir;
  }

  async function started(dir: string): Promise<RunningLocalHost> {
    const host = await startLocalHost({ dataDir: dir, ownProcessGroup: true });
    cleanups.push(() => host.kill());
    return host;
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} to the process group right after 2xx answers loses none of them`, async () => {
      const dir = dataDir();
      const first = await started(dir);
      const put = await first.api('/clients/stop-co', { method: 'PUT', json: clientBody('STOP') });
      expect(put.status, await put.text()).toBe(201);
      await putContact(first, 'stop-co', 'rita@stop-co.example', { name: 'Rita', roles: ['requester'] }, 201);
      const ticket = await createTicket(first, {
        clientId: 'stop-co',
        severity: 'cat2',
        reporter: 'rita@stop-co.example',
      });

      first.signalGroup(signal);
      expect(await first.exited()).toEqual({ code: 0, signal: null });
      // The host waits for its Azurite: once the host is gone, so is every process on the data folder.
      expect(processesMentioning(dir)).toEqual([]);

      const second = await started(dir);
      expect((await second.api('/clients/stop-co')).status).toBe(200);
      const contacts = (await (await second.api('/clients/stop-co/contacts')).json()) as { items: { email: string }[] };
      expect(contacts.items.map((c) => c.email)).toEqual(['rita@stop-co.example']);
      const again = await second.api(`/tickets/${ticket.id}`);
      expect(again.status, await again.clone().text()).toBe(200);
      expect(((await again.json()) as { title: string }).title).toBe(ticket.title);
      await second.stop();
    });
  }

  it('a host killed with SIGKILL takes its Azurite down with it, and Azurite saves on the way', async () => {
    const dir = dataDir();
    const first = await started(dir);
    const put = await first.api('/clients/orphan-co', { method: 'PUT', json: clientBody('ORPH') });
    expect(put.status, await put.text()).toBe(201);
    const azurite = first.pids().azurite;
    expect(azurite).toBeDefined();

    process.kill(first.pids().host, 'SIGKILL');
    await first.exited();
    // Azurite notices that its parent is gone (its stdin ends) and stops by itself: wait for that, bounded.
    await until(() => processesMentioning(dir).length === 0, 60_000);

    const second = await started(dir);
    expect((await second.api('/clients/orphan-co')).status).toBe(200);
    await second.stop();
  });

  it('a start that fails on a port in use exits non-zero, says so, and leaves no Azurite behind', async () => {
    const dir = dataDir();
    const taken: Server = createServer((socket) => socket.destroy()); // a readiness probe must not hold it open
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;

    const error = await startLocalHost({ dataDir: dir, port, ownProcessGroup: true }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/exited with 1/);
    expect(error?.message).toContain(`port ${port} is in use`);
    expect(processesMentioning(dir)).toEqual([]);
  });
});
