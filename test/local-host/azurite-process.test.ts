import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts, startAzurite, type RunningAzurite } from '../../local-host/azurite-process';

/**
 * A port some other process holds, as when a suite running alongside took a port between check and bind.
 * It drops whatever connects (the readiness probe may reach it before Azurite gives up): a connection
 * it accepted and never read would not see the probe close its end, and closing the server would wait
 * on it for ever. (The probe itself closes its connection when it gives up: checked with a server that
 * reads and never answers.)
 */
async function takenPort(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe('starting Azurite on free ports', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('tries fresh ports when a port it chose was taken before Azurite could bind it', async () => {
    const taken = await takenPort();
    cleanups.push(() => new Promise<void>((resolve) => taken.server.close(() => resolve())));
    const offered: number[][] = [];
    const choosePorts = async (count: number) => {
      // The first choice collides on the table port; later ones are really free.
      const ports = offered.length === 0 ? [...(await freePorts(count - 1)), taken.port] : await freePorts(count);
      offered.push(ports);
      return ports;
    };
    const azurite: RunningAzurite = await startAzurite({ choosePorts });
    cleanups.push(() => azurite.stop());
    expect(offered).toHaveLength(2);
    expect(azurite.tablePort).not.toBe(taken.port);
    expect(azurite.tablePort).toBe(offered[1]![2]);
    // It answers on the ports it reports.
    expect((await fetch(`http://127.0.0.1:${azurite.tablePort}/devstoreaccount1/Tables`)).status).toBeLessThan(500);
  });

  it('gives up after three attempts when every choice collides, saying why', async () => {
    const taken = await takenPort();
    cleanups.push(() => new Promise<void>((resolve) => taken.server.close(() => resolve())));
    let attempts = 0;
    const choosePorts = async (count: number) => {
      attempts++;
      return [...(await freePorts(count - 1)), taken.port];
    };
    await expect(startAzurite({ choosePorts })).rejects.toThrow(/Azurite exited early/);
    expect(attempts).toBe(3);
  });

  it('runs Azurite with the Node options it is given: a CPU profile is written when it stops', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'azurite-profile-'));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const azurite = await startAzurite({ nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    expect(readdirSync(dir)).toEqual([]);
    await azurite.stop();
    expect(readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))).toHaveLength(1);
  });
});
