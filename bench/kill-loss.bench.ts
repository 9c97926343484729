/**
 * What `kill -9` of the whole local host loses: acknowledged tickets that are gone after a restart.
 *
 * Azurite (LokiJS) keeps its data in memory and writes it to disk every 5 s (autosave), and on a
 * graceful stop. A graceful stop (Ctrl-C, SIGTERM) saves everything (test/e2e/graceful-stop.test.ts);
 * SIGKILL of the host alone makes its Azurite stop and save by itself. This measures the case nothing
 * can save: host AND Azurite killed with SIGKILL at once (a crashed machine, `kill -9` of both groups,
 * an OOM kill of the container).
 *
 * Each run creates tickets one at a time at a fixed rate for a while, SIGKILLs both processes, restarts
 * on the same data folder and reads every acknowledged ticket back. Printed: how many were lost and how
 * long before the kill the oldest lost one had been acknowledged (the autosave window), per run.
 *
 * Run: npm run bench:kill-loss (under `flock /tmp/full-suite.lock` on a shared machine).
 * Settings (environment): KILL_RUNS (default 3), KILL_RATE (tickets/s, default 5), KILL_AFTER_MS (8000),
 * plus one run that SIGKILLs the host alone, for comparison.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contractClient } from '../test/support/contract';
import { startLocalHost, type RunningLocalHost } from '../test/support/local-host';

const RUNS = Number(process.env.KILL_RUNS ?? 3);
const RATE = Number(process.env.KILL_RATE ?? 5);
const WRITE_MS = Number(process.env.KILL_AFTER_MS ?? 8000);

interface Acknowledged {
  readonly id: string;
  readonly at: number;
}

async function setUp(host: RunningLocalHost): Promise<void> {
  const put = await host.api('/clients/loss-co', {
    method: 'PUT',
    json: { ...contractClient(), ticketPrefix: 'LOSS' },
  });
  if (put.status !== 201) throw new Error(`PUT client: ${put.status} ${await put.text()}`);
  const contact = await host.api('/clients/loss-co/contacts/rita%40loss-co.example', {
    method: 'PUT',
    json: { name: 'Rita', roles: ['requester'] },
  });
  if (contact.status !== 201) throw new Error(`PUT contact: ${contact.status}`);
}

/** Creates tickets one after another, one every 1/RATE s, for WRITE_MS; returns when each was acknowledged. */
async function writeTickets(host: RunningLocalHost): Promise<Acknowledged[]> {
  const acknowledged: Acknowledged[] = [];
  const began = performance.now();
  for (let i = 0; performance.now() - began < WRITE_MS; i++) {
    const due = began + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const res = await host.api('/tickets', {
      method: 'POST',
      json: {
        clientId: 'loss-co',
        title: `t${i}`,
        description: 'kill -9 loss',
        severity: 'cat3',
        reporter: 'rita@loss-co.example',
      },
    });
    if (res.status !== 201) throw new Error(`POST ticket: ${res.status} ${await res.text()}`);
    acknowledged.push({ id: ((await res.json()) as { id: string }).id, at: performance.now() });
  }
  return acknowledged;
}

async function run(mode: 'host and Azurite' | 'host alone'): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'supportdesk-kill-'));
  try {
    const first = await startLocalHost({ dataDir, ownProcessGroup: true });
    await setUp(first);
    const acknowledged = await writeTickets(first);
    const { host, azurite } = first.pids();
    const killedAt = performance.now();
    process.kill(-host, 'SIGKILL');
    if (mode === 'host and Azurite' && azurite) process.kill(-azurite, 'SIGKILL');
    await first.exited();
    if (mode === 'host alone') {
      // Azurite stops and saves by itself when its parent is gone; wait for it.
      while (azurite && alive(azurite)) await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const second = await startLocalHost({ dataDir });
    const clientThere = (await second.api('/clients/loss-co')).status === 200;
    const lost: Acknowledged[] = [];
    for (const ticket of acknowledged) {
      if ((await second.api(`/tickets/${ticket.id}`)).status !== 200) lost.push(ticket);
    }
    await second.stop();
    const window = lost.length > 0 ? `${((killedAt - Math.min(...lost.map((t) => t.at))) / 1000).toFixed(1)} s` : '—';
    return `${mode.padEnd(17)} | ${String(acknowledged.length).padStart(5)} | ${String(lost.length).padStart(4)} | ${window.padStart(28)} | ${clientThere ? 'yes' : 'NO'}`;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  console.log(
    `kill -9 loss: ${RATE} tickets/s for ${WRITE_MS} ms, then SIGKILL; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('killed            | acked | lost | oldest lost, acked before kill | client (written first) there');
  for (let i = 0; i < RUNS; i++) console.log(await run('host and Azurite'));
  console.log(await run('host alone'));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
