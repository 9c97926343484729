/**
 * `npm run bench:sla-scale [tickets]`: opens N tickets (default 10,000) with live SLA orchestrations on
 * the local host under the virtual clock, then reports the host's memory and how long advancing the
 * clock by one virtual day takes (every warning and breach of that day fires). Bounded: it stops itself.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { contractClient } from '../test/support/contract';
import { startLocalHost } from '../test/support/local-host';

const count = Number(process.argv[2] ?? 10_000);
const concurrency = 32;

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** `fetch` gives up on a response after 300 s; moving the clock over 10,000 due timers may take longer. */
function postWithoutTimeout(url: string, key: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

async function main(): Promise<void> {
  // Monday 09:00 London: cat2 tickets (office hours, 4 h / 8 h) all warn and breach the same day.
  const profileDir = process.env.SLA_SCALE_PROFILE_DIR;
  const host = await startLocalHost({
    clock: 'virtual',
    clockStart: '2027-03-01T09:00:00Z',
    ...(profileDir
      ? {
          nodeArgs:
            profileDir === 'count' ? ['--require', '/tmp/count.js'] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
        }
      : {}),
  });
  const pids = host.pids();
  try {
    await host.api('/clients/scale', {
      method: 'PUT',
      json: { ...contractClient(), ticketPrefix: 'SCALE', notifications: { webhooks: [] } },
    });
    await host.api('/clients/scale/contacts/ops@scale.example', {
      method: 'PUT',
      json: { name: 'Ops', roles: ['requester'] },
    });
    const body = {
      clientId: 'scale',
      title: 'Load',
      description: 'Scale test',
      severity: 'cat2',
      type: 'defect',
      reporter: 'ops@scale.example',
    };
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next++;
          const res = await host.api('/tickets', { method: 'POST', json: body });
          if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
        }
      }),
    );
    const createSeconds = (performance.now() - started) / 1000;
    const rssAfterCreate = rssOf(pids.host);
    console.log(
      `created ${count} tickets in ${createSeconds.toFixed(1)} s (${(count / createSeconds).toFixed(0)} tickets/s, ${concurrency} in flight); host RSS ${rssAfterCreate.toFixed(0)} MiB`,
    );
    // Hour by hour, each answering once every timer of that hour has fired and settled.
    const advanceStarted = performance.now();
    for (let hour = 1; hour <= 24; hour++) {
      const hourStarted = performance.now();
      const moved = await postWithoutTimeout(`${host.baseUrl}/api/dev/clock`, host.adminKey, { advance: 'PT1H' });
      if (moved.status !== 200) throw new Error(`advance failed: ${moved.status} ${moved.body}`);
      const seconds = (performance.now() - hourStarted) / 1000;
      if (seconds > 1) console.log(`  hour ${hour}: ${seconds.toFixed(1)} s`);
    }
    const advanceSeconds = (performance.now() - advanceStarted) / 1000;
    const sample = (await (await host.api('/tickets/SCALE-1/timeline')).json()) as { items: { type: string }[] };
    const slaEvents = sample.items.filter((e) => e.type === 'sla.warning' || e.type === 'sla.breached').length;
    console.log(`tickets with live orchestrations: ${count}`);
    console.log(
      `local host RSS after creating: ${rssAfterCreate.toFixed(0)} MiB; after the day: ${rssOf(pids.host).toFixed(0)} MiB; Azurite: ${rssOf(pids.azurite ?? pids.host).toFixed(0)} MiB`,
    );
    console.log(`advancing one virtual day (${count * 4} warnings and breaches): ${advanceSeconds.toFixed(1)} s`);
    console.log(`SCALE-1 got ${slaEvents} SLA events (expected 4)`);
  } finally {
    await host.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
