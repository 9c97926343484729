/**
 * Alert storm throughput: alerts per second through `POST /api/alerts/alertmanager` on the local host,
 * for a storm on one dedup key (every alert a repeat of one ticket) and on many keys (every alert a new
 * ticket), one alert per request, then many keys again with 50 alerts per request.
 *
 * Run: npm run bench:alerts. Starts its own Azurite (in memory) and a local host on it, prints numbers,
 * checks the tickets came out right, stops both and exits (within two minutes, or gives up). Nothing
 * here asserts a time.
 *
 * Everything the local host does for an alert is in the numbers: authentication, the ticket writes, and
 * the outbox relay publishing each event to the local topic with its deliverers. Azurite, the local host
 * and this driver share the machine, so the load average is printed with them.
 *
 * Every new ticket also starts its SLA orchestration on the local Durable engine, in the same process,
 * which a new key pays for and a repeat does not.
 *
 * Settings (environment): ALERTS_COUNT (default 400 per run; half that for the 50-per-request run),
 * ALERTS_CONCURRENCY (32).
 */
import os from 'node:os';
import { startAzurite, type RunningAzurite } from '../local-host/azurite-process';
import { contractClient } from '../test/support/contract';
import { startLocalHost, type RunningLocalHost } from '../test/support/local-host';

const COUNT = Number(process.env.ALERTS_COUNT ?? 400);
const CONCURRENCY = Number(process.env.ALERTS_CONCURRENCY ?? 32);
const PER_PAYLOAD = 50;
const DEADLINE_MS = 110_000;

interface Run {
  readonly label: string;
  readonly alerts: number;
  readonly millis: number;
  readonly latencies: number[];
  readonly failures: string[];
}

/** Runs `task(i)` for i in [0, count) with `concurrency` in flight; times the whole and each call. */
async function drive(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<string | undefined>,
): Promise<Omit<Run, 'label' | 'alerts'>> {
  let next = 0;
  const failures: string[] = [];
  const latencies: number[] = [];
  const began = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      const failure = await task(i);
      if (failure) failures.push(failure);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { millis: performance.now() - began, latencies, failures };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function describeRun(run: Run): string {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const rate = ((run.alerts / run.millis) * 1000).toFixed(0).padStart(6);
  const ms = (p: number) => percentile(sorted, p).toFixed(1).padStart(6);
  const failed = run.failures.length ? `   FAILED ${run.failures.length} (first: ${run.failures[0]})` : '';
  return `${run.label.padEnd(46)} ${rate} alerts/s   request p50 ${ms(50)} ms   p95 ${ms(95)} ms   p99 ${ms(99)} ms${failed}`;
}

/** An Alertmanager webhook payload with one alert per fingerprint. */
function payload(fingerprints: readonly string[]): unknown {
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    status: 'firing',
    receiver: 'support-desk',
    alerts: fingerprints.map((fingerprint) => ({
      status: 'firing',
      labels: { alertname: 'DiskFull', instance: `host-${fingerprint}`, severity: 'warning' },
      annotations: { summary: 'Disk almost full', description: `The disk of host-${fingerprint} is 95% full.` },
      startsAt: '2026-11-24T09:55:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint,
    })),
  };
}

const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  let azurite: RunningAzurite | undefined;
  let host: RunningLocalHost | undefined;
  const cleanup = async () => {
    await host?.stop().catch(() => undefined);
    await azurite?.stop().catch(() => undefined);
  };
  const watchdog = setTimeout(() => {
    console.error(`alerts bench: still running after ${DEADLINE_MS / 1000} s; giving up`);
    void cleanup().finally(() => process.exit(2));
  }, DEADLINE_MS);
  watchdog.unref();

  try {
    const started = performance.now();
    azurite = await startAzurite();
    host = await startLocalHost({ env: { AzureWebJobsStorage: azurite.connectionString } });
    const api = host.api.bind(host);
    console.log(`Alert storm benchmark — local host on Azurite (in memory), Node ${process.version}`);
    console.log(
      `${COUNT} alerts per run, ${CONCURRENCY} requests in flight; started in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`${os.cpus().length} CPUs, load average ${loadAverage()} before the runs\n`);

    const clients = ['storm-one', 'storm-many', 'storm-batch'];
    const keys: Record<string, string> = {};
    for (const [i, clientId] of clients.entries()) {
      const put = await api(`/clients/${clientId}`, {
        method: 'PUT',
        json: { ...contractClient(), ticketPrefix: `STORM${i}` },
      });
      if (put.status !== 201) throw new Error(`PUT client: ${put.status} ${await put.text()}`);
      const created = await api(`/clients/${clientId}/api-keys`, {
        method: 'POST',
        json: { name: 'alertmanager', scopes: ['alerts:write'] },
      });
      keys[clientId] = ((await created.json()) as { key: string }).key;
    }
    const send = async (clientId: string, body: unknown): Promise<string | undefined> => {
      const res = await api('/alerts/alertmanager', { method: 'POST', json: body, key: keys[clientId] ?? null });
      const text = await res.text();
      return res.status === 202 ? undefined : `${res.status} ${text.slice(0, 200)}`;
    };

    // Warm-up: module loading, table creation, first connections.
    await drive(50, 8, (i) => send('storm-batch', payload([`warm-${i}`])));

    const report = (run: Run) => console.log(describeRun(run));
    report({
      label: 'one key (every alert repeats one ticket)',
      alerts: COUNT,
      ...(await drive(COUNT, CONCURRENCY, () => send('storm-one', payload(['same-fingerprint'])))),
    });
    report({
      label: 'many keys (every alert a new ticket)',
      alerts: COUNT,
      ...(await drive(COUNT, CONCURRENCY, (i) => send('storm-many', payload([`fp-${i}`])))),
    });
    const batches = Math.ceil(COUNT / 2 / PER_PAYLOAD);
    const batchRun = await drive(batches, Math.min(CONCURRENCY, 8), (b) =>
      send('storm-batch', payload(Array.from({ length: PER_PAYLOAD }, (_, j) => `batch-${b}-${j}`))),
    );
    report({ label: `many keys, ${PER_PAYLOAD} alerts per request`, alerts: batches * PER_PAYLOAD, ...batchRun });

    // The storm must have come out right, or the numbers mean nothing.
    const tickets = async (clientId: string) => {
      const res = await api(`/tickets?clientId=${clientId}&limit=200`);
      return (await res.json()) as { items: { origin?: { occurrences: number } }[]; nextCursor?: string };
    };
    const one = await tickets('storm-one');
    const many = await api(
      '/tickets?clientId=storm-many&limit=1&cursor=' + Buffer.from(`o:${COUNT - 1}`).toString('base64url'),
    );
    const manyLast = (await many.json()) as { items: unknown[]; nextCursor?: string };
    console.log(`load average ${loadAverage()} after the runs`);
    console.log(
      `check: one key → ${one.items.length} ticket, ${one.items[0]?.origin?.occurrences ?? 0} occurrences (expected 1, ${COUNT}); ` +
        `many keys → ticket #${COUNT} ${manyLast.items.length === 1 && !manyLast.nextCursor ? 'is the last' : 'MISSING OR NOT LAST'}`,
    );
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
