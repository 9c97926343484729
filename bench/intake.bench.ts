/**
 * Ticket intake throughput: tickets created per second over HTTP through the local host, against bare
 * `TableClient.createEntity` calls per second into the same Azurite, at the same concurrency.
 *
 * Run: npm run bench:intake. Starts its own Azurite (in memory) and a local host on it, prints numbers,
 * stops both and exits. Nothing here asserts a time.
 *
 * Settings (environment): INTAKE_TICKETS (default 2000, the most per phase), INTAKE_HTTP_SECONDS (15, the
 * longest an HTTP create phase runs), INTAKE_REFERENCE_SECONDS (6, for the reference phases),
 * INTAKE_CONCURRENCY (16), INTAKE_CLIENTS (4, for the several-clients run), INTAKE_ROUNDS (3: each round
 * measures both HTTP phases, each between two bare phases of its own shape), INTAKE_PROFILE_DIR (write a
 * `--cpu-prof` profile of the local host there), INTAKE_AZURITE_PROFILE_DIR (the same for Azurite), INTAKE_HOST_LOG (copy the host's output to this file).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { freePorts, startAzurite, type RunningAzurite } from '../local-host/azurite-process';
import { contractClient } from '../test/support/contract';

const repoRoot = path.resolve(__dirname, '..');

interface BenchResponse {
  readonly status: number;
  text(): string;
}

interface BenchHost {
  readonly adminKey: string;
  /** Below `/api`, or from the root with `root: true` (the Durable management routes). */
  api(pathAndQuery: string, init?: { method?: string; json?: unknown; root?: boolean }): Promise<BenchResponse>;
  /** The last lines the host printed. */
  tail(): string;
  stop(): Promise<void>;
}

/**
 * The local host as `npm start` runs it (from source through tsx), on the given storage. Spawned here
 * rather than through the test harness so that `--cpu-prof` can be passed, and so that the host's
 * request log is drained without being kept (the harness keeps all of it, which costs the client CPU).
 */
async function startHost(storage: string, nodeArgs: readonly string[]): Promise<BenchHost> {
  const [port] = await freePorts(1);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'supportdesk-bench-'));
  const args = [...nodeArgs, '--import', 'tsx', path.join(repoRoot, 'local-host/main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      SUPPORTDESK_DATA_DIR: dataDir,
      SUPPORTDESK_CLOCK: 'system',
      AzureWebJobsStorage: storage,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let recent = '';
  const logFile = process.env.INTAKE_HOST_LOG ? createWriteStream(process.env.INTAKE_HOST_LOG) : undefined;
  const keep = (chunk: Buffer) => {
    recent = (recent + chunk.toString()).slice(-8000);
    logFile?.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let startup = '';
  const adminKey = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local host did not start:\n${startup}`)), 90_000);
    const onData = (chunk: Buffer) => {
      startup += chunk.toString();
      const key = /admin key \([^)]*\): (\S+)/.exec(startup)?.[1];
      if (key && startup.includes('listening on')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(key);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local host exited with ${code}:\n${startup}${recent}`));
    });
  });
  // node:http with a keep-alive pool costs the client less CPU than fetch, and the client shares the machine.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const api = (pathAndQuery: string, init: { method?: string; json?: unknown; root?: boolean } = {}) =>
    new Promise<BenchResponse>((resolve, reject) => {
      const body = init.json !== undefined ? JSON.stringify(init.json) : undefined;
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: init.root ? pathAndQuery : `/api${pathAndQuery}`,
          method: init.method ?? 'GET',
          agent,
          headers: {
            authorization: `Bearer ${adminKey}`,
            ...(body !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: () => Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    adminKey,
    api,
    tail: () => recent,
    async stop() {
      agent.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const TICKETS = Number(process.env.INTAKE_TICKETS ?? 2000);
const CONCURRENCY = Number(process.env.INTAKE_CONCURRENCY ?? 16);
const CLIENTS = Number(process.env.INTAKE_CLIENTS ?? 4);
/** Rounds of HTTP phases, each between bare phases of its own (see the rounds in main). */
const ROUNDS = Number(process.env.INTAKE_ROUNDS ?? 3);
/**
 * Requests each side makes before it is measured. 1,000, not fewer: with 300, Azurite was still warming
 * up during the first bare phase, which then ran at a third of the speed of the same phase at the end
 * of the run and flattered the one-client ratio.
 */
const WARM_UP = 1000;
const PROFILE_DIR = process.env.INTAKE_PROFILE_DIR;
const AZURITE_PROFILE_DIR = process.env.INTAKE_AZURITE_PROFILE_DIR;

/** Node options that make a process write a CPU profile into `dir` when it stops (none without a folder). */
function cpuProfileArgs(dir: string | undefined): string[] {
  if (!dir) return [];
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`];
}
/** The pipeline drains after each phase (orchestration starts included), which takes a while on a loaded machine. */
const DEADLINE_MS = Number(process.env.INTAKE_DEADLINE_SECONDS ?? 600) * 1000;
/** Each measured phase stops starting new work after this long, so that even a slow run ends within minutes. */
const HTTP_BUDGET_MS = Number(process.env.INTAKE_HTTP_SECONDS ?? 15) * 1000;
const REFERENCE_BUDGET_MS = Number(process.env.INTAKE_REFERENCE_SECONDS ?? 6) * 1000;

interface Run {
  readonly label: string;
  readonly count: number;
  readonly millis: number;
  readonly latencies: number[];
  readonly failures: number;
  readonly cpu: CpuShare;
}

const perSecond = (run: Run): number => (run.count / run.millis) * 1000;

interface Round {
  readonly oneBefore: Run;
  readonly one: Run;
  readonly afterOne: CpuShare & { millis: number };
  readonly oneAfter: Run;
  readonly manyBefore: Run;
  readonly many: Run;
  readonly afterMany: CpuShare & { millis: number };
  readonly manyAfter: Run;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** CPU milliseconds used so far by this process, the local host and Azurite (Linux `/proc`; zeros elsewhere). */
function cpuSnapshot(): { bench: number; host: number; azurite: number } {
  const tick = 10; // USER_HZ is 100 on Linux
  const usage = process.cpuUsage();
  const result = { bench: (usage.user + usage.system) / 1000, host: 0, azurite: 0 };
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      let cmdline: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue; // only our own children
      const cpu = (Number(fields[11]) + Number(fields[12])) * tick;
      if (cmdline.includes('azurite')) result.azurite += cpu;
      else if (cmdline.includes('local-host/main')) result.host += cpu;
    }
  } catch {
    // not Linux
  }
  return result;
}

interface CpuShare {
  readonly bench: number;
  readonly host: number;
  readonly azurite: number;
}

const cpuSince = (before: CpuShare): CpuShare => {
  const now = cpuSnapshot();
  return { bench: now.bench - before.bench, host: now.host - before.host, azurite: now.azurite - before.azurite };
};

/**
 * Runs `task(i)` for i in [0, count) with `concurrency` in flight, or until `budgetMs` has passed (no
 * new task starts after that); times the whole and each call.
 */
async function drive(
  label: string,
  count: number,
  concurrency: number,
  budgetMs: number,
  task: (i: number) => Promise<boolean>,
): Promise<Run> {
  let next = 0;
  let done = 0;
  let failures = 0;
  const latencies: number[] = [];
  const cpuBefore = cpuSnapshot();
  const began = performance.now();
  const worker = async () => {
    for (;;) {
      if (performance.now() - began > budgetMs) return;
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      if (!(await task(i))) failures++;
      latencies.push(performance.now() - t0);
      done++;
    }
  };
  const monotonicFrom = process.hrtime.bigint() / 1000n;
  await Promise.all(Array.from({ length: concurrency }, worker));
  const millis = performance.now() - began;
  // CPU profiles time their samples on the same monotonic clock (µs): this window picks out the phase.
  if (PROFILE_DIR || AZURITE_PROFILE_DIR)
    console.log(`  (profile window of "${label}": ${monotonicFrom}..${process.hrtime.bigint() / 1000n} µs)`);
  return { label, count: done, millis, latencies, failures, cpu: cpuSince(cpuBefore) };
}

/**
 * Waits until the pipeline a phase set off is drained — the outbox relay idle and every subscription
 * queue empty (`POST /api/dev/topic/drain`: deliverers, and the `sla` function that starts each
 * ticket's orchestration) — and then until the host and Azurite are idle again (the orchestrations'
 * first activities), at most `maxMs` for the latter; returns the CPU they used meanwhile, so that work
 * deferred past the responses is counted.
 */
async function settle(host?: BenchHost, maxMs = 15_000): Promise<CpuShare & { millis: number }> {
  const began = performance.now();
  const start = cpuSnapshot();
  if (host) {
    // The drain route gives up after 60 s (504); the backlog of a phase may take longer.
    for (let attempt = 1; ; attempt++) {
      const drained = await host.api('/dev/topic/drain', { method: 'POST' });
      if (drained.status === 200) break;
      if (attempt >= 4) throw new Error(`the topic did not drain: ${drained.status} ${drained.text()}`);
    }
  }
  for (;;) {
    const before = cpuSnapshot();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const used = cpuSince(before);
    if (used.host + used.azurite < 50 || performance.now() - began > maxMs) break;
  }
  return { ...cpuSince(start), millis: performance.now() - began };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function describeRun(run: Run): string {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const per = (ms: number) => (ms / run.count).toFixed(2).padStart(5);
  return `${run.label.padEnd(44)} ${String(run.count).padStart(5)} in ${(run.millis / 1000).toFixed(1).padStart(4)} s ${perSecond(run).toFixed(0).padStart(6)}/s   p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms   CPU ms/op: azurite ${per(run.cpu.azurite)} host ${per(run.cpu.host)} client ${per(run.cpu.bench)}${run.failures ? `   FAILURES ${run.failures}` : ''}`;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`intake bench: still running after ${DEADLINE_MS / 1000} s; giving up`);
    void cleanup().finally(() => process.exit(2));
  }, DEADLINE_MS);
  watchdog.unref();

  let azurite: RunningAzurite | undefined;
  let host: BenchHost | undefined;
  const cleanup = async () => {
    await host?.stop().catch(() => undefined);
    await azurite?.stop().catch(() => undefined);
  };

  try {
    const started = performance.now();
    azurite = await startAzurite({ nodeArgs: cpuProfileArgs(AZURITE_PROFILE_DIR) });
    host = await startHost(azurite.connectionString, cpuProfileArgs(PROFILE_DIR));
    console.log(
      `Intake benchmark — Node ${process.version}, ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${TICKETS} tickets, ${CONCURRENCY} in flight (Azurite in memory, local host on it); ` +
        `background work gives way to requests for up to ${process.env.SUPPORTDESK_BACKGROUND_MAX_DEFER_MS ?? '2000'} ms (SUPPORTDESK_BACKGROUND_MAX_DEFER_MS)`,
    );
    console.log(`set-up: Azurite + local host ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    // Clients on the contract agreement, each with one registered requester.
    const clients = Array.from({ length: CLIENTS }, (_, i) => ({
      clientId: `bench-${i}`,
      prefix: `BENCH${String.fromCharCode(65 + i)}`,
    }));
    for (const { clientId, prefix } of clients) {
      // No webhooks: their deliveries (to example.invalid) would load the host after the fact, not the intake.
      const put = await host.api(`/clients/${clientId}`, {
        method: 'PUT',
        json: { ...contractClient(), ticketPrefix: prefix, notifications: { webhooks: [] } },
      });
      if (put.status !== 201) throw new Error(`PUT client ${clientId}: ${put.status} ${put.text()}`);
      const contact = await host.api(`/clients/${clientId}/contacts/${encodeURIComponent(`req@${clientId}.example`)}`, {
        method: 'PUT',
        json: { name: 'Requester', roles: ['requester'] },
      });
      if (contact.status !== 201) throw new Error(`PUT contact: ${contact.status} ${contact.text()}`);
    }
    const h = host;
    const created = new Map<string, number>();
    const createTicket = async (clientId: string, i: number): Promise<boolean> => {
      const res = await h.api('/tickets', {
        method: 'POST',
        json: {
          clientId,
          title: `Checkout fails for basket ${i}`,
          description: `The checkout page answers 502 when the basket holds more than ${i % 50} items. Seen since this morning.`,
          severity: i % 3 === 0 ? 'cat1' : 'cat2',
          reporter: `req@${clientId}.example`,
        },
      });
      if (res.status === 201) created.set(clientId, (created.get(clientId) ?? 0) + 1);
      return res.status === 201;
    };

    // One ticket as stored, to size the bare entities like it.
    const sample = await h.api('/tickets', {
      method: 'POST',
      json: {
        clientId: 'bench-0',
        title: 'Checkout fails for basket 0',
        description: 'The checkout page answers 502 when the basket holds more than 0 items. Seen since this morning.',
        severity: 'cat2',
        reporter: 'req@bench-0.example',
      },
    });
    if (sample.status !== 201) throw new Error(`sample ticket: ${sample.status} ${sample.text()}`);
    created.set('bench-0', 1);
    const entityDocLength = sample.text().length;

    // (b) first, while the host is idle: bare writes into the same Azurite, same concurrency, an entity
    // the size of a ticket. (Measured again at the end: the host's timers and growing tables can slow
    // Azurite down later.)
    const bare = TableClient.fromConnectionString(azurite.connectionString, 'benchbare', {
      allowInsecureConnection: true,
    });
    await bare.createTable();
    const doc = 'x'.repeat(entityDocLength);
    const runId = randomBytes(4).toString('hex');
    let bareSeq = 0;
    const entity = (partition: string, i: number) => ({
      partitionKey: partition,
      rowKey: `${runId}|${String(i).padStart(10, '0')}`,
      kind: 'ticket',
      status: 'new',
      doc,
    });
    const bareCreate =
      (partitions: number, prefix = 'p') =>
      async () => {
        const n = bareSeq++;
        await bare.createEntity(entity(`${prefix}${n % partitions}`, n));
        return true;
      };
    // Into a partition of its own, so the measured partitions start as small as the clients' do.
    await drive('warm-up bare', WARM_UP, CONCURRENCY, REFERENCE_BUDGET_MS, bareCreate(1, 'warm-up'));
    bareSeq = 0; // the reads below address the first phase's rows by number
    const bareFirst = await drive(
      'bare createEntity, 1 partition',
      TICKETS,
      CONCURRENCY,
      REFERENCE_BUDGET_MS,
      bareCreate(1),
    );
    const bareRead = await drive(
      'bare getEntity (reference)',
      TICKETS,
      CONCURRENCY,
      REFERENCE_BUDGET_MS,
      async (i) => (await bare.getEntity('p0', entity('p0', i % bareFirst.count).rowKey), true),
    );
    // A ticket-shaped transaction of three rows, kept as it was for comparison across waves (a create now
    // writes ticket, its event as an outbox row and its queue row, plus the group's counter).
    const bareTx = await drive(
      'bare submitTransaction (ticket+event+outbox)',
      TICKETS,
      CONCURRENCY,
      REFERENCE_BUDGET_MS,
      async () => {
        const n = bareSeq++;
        await bare.submitTransaction([
          ['create', entity('tx', n)],
          [
            'create',
            { ...entity('tx', n), rowKey: `${runId}|${String(n).padStart(10, '0')}|e|000001`, doc: doc.slice(0, 900) },
          ],
          [
            'create',
            { ...entity('tx', n), rowKey: `o|${runId}|${String(n).padStart(10, '0')}`, doc: doc.slice(0, 1200) },
          ],
        ]);
        return true;
      },
    );

    // (a) HTTP creates through the local host. Warm-up first: JIT, connection pools, partitions.
    await drive('warm-up', WARM_UP, CONCURRENCY, 8_000, (i) => createTicket('bench-0', i));
    await settle(h);

    // Rounds: each HTTP phase sits between two bare phases of the same shape, and is compared with the
    // faster of them. This machine's speed drifts a lot within a minute (the same code measured 0.42 and
    // 0.93 ms of host CPU per create a minute apart), which one reference taken earlier in the run cannot
    // follow; the median over rounds is the figure, every round is printed.
    const rounds: Round[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const tag = ROUNDS > 1 ? ` #${r}` : '';
      const oneBefore =
        r === 1
          ? bareFirst
          : await drive(
              `bare createEntity, 1 partition${tag}`,
              TICKETS,
              CONCURRENCY,
              REFERENCE_BUDGET_MS,
              bareCreate(1),
            );
      // One client: all creates contend for one counter (group-committed by the store).
      const one = await drive(`HTTP create, 1 client${tag}`, TICKETS, CONCURRENCY, HTTP_BUDGET_MS, (i) =>
        createTicket('bench-0', i),
      );
      const afterOne = await settle(h);
      const oneAfter = await drive(
        `bare createEntity, 1 partition, after${tag}`,
        TICKETS,
        CONCURRENCY,
        REFERENCE_BUDGET_MS,
        bareCreate(1),
      );
      const manyBefore = await drive(
        `bare createEntity, ${CLIENTS} partitions${tag}`,
        TICKETS,
        CONCURRENCY,
        REFERENCE_BUDGET_MS,
        bareCreate(CLIENTS),
      );
      // Several clients: creates spread over CLIENTS partitions and counters.
      const many = await drive(
        `HTTP create, ${CLIENTS} clients round-robin${tag}`,
        TICKETS,
        CONCURRENCY,
        HTTP_BUDGET_MS,
        (i) => createTicket(clients[i % CLIENTS]!.clientId, i),
      );
      const afterMany = await settle(h);
      const manyAfter = await drive(
        `bare createEntity, ${CLIENTS} partitions, after${tag}`,
        TICKETS,
        CONCURRENCY,
        REFERENCE_BUDGET_MS,
        bareCreate(CLIENTS),
      );
      rounds.push({ oneBefore, one, afterOne, oneAfter, manyBefore, many, afterMany, manyAfter });
    }
    // References, to split the create's cost: the host's fixed per-request cost (health: no storage),
    // and a read that, like a create's look-ups, is only point reads (3 of them).
    const httpHealth = await drive(
      'HTTP GET health (reference, no storage)',
      TICKETS,
      CONCURRENCY,
      REFERENCE_BUDGET_MS,
      async () => (await h.api('/health')).status === 200,
    );
    const firstOne = rounds[0]!.one;
    const httpRead = await drive(
      'HTTP GET ticket (reference, 3 point reads)',
      TICKETS,
      CONCURRENCY,
      REFERENCE_BUDGET_MS,
      async (i) => (await h.api(`/tickets/BENCHA-${(i % firstOne.count) + 1}`)).status === 200,
    );

    console.log(
      `ticket as the API returns it: ${entityDocLength} characters of JSON; bare entities carry a doc of that length\n`,
    );
    for (const run of [bareRead, bareTx]) console.log(describeRun(run));
    for (const round of rounds) {
      console.log('');
      for (const run of [round.oneBefore, round.one, round.oneAfter, round.manyBefore, round.many, round.manyAfter])
        console.log(describeRun(run));
    }
    console.log('');
    for (const run of [httpHealth, httpRead]) console.log(describeRun(run));

    const deferred = (run: Run, after: CpuShare & { millis: number }) =>
      `${(after.millis / 1000).toFixed(1)} s until idle; deferred CPU ms/ticket: azurite ${(after.azurite / run.count).toFixed(2)} host ${(after.host / run.count).toFixed(2)}`;
    // The whole pipeline per ticket: what the requests used while they ran plus what they left behind,
    // until the topic was drained and the host idle (so deferring work does not hide it).
    const pipeline = (run: Run, after: CpuShare) => {
      const azuriteMs = (run.cpu.azurite + after.azurite) / run.count;
      const hostMs = (run.cpu.host + after.host) / run.count;
      return { azuriteMs, hostMs, total: azuriteMs + hostMs };
    };
    console.log('');
    for (const round of rounds) {
      for (const [run, after] of [
        [round.one, round.afterOne],
        [round.many, round.afterMany],
      ] as const) {
        const p = pipeline(run, after);
        console.log(
          `${run.label}: ${deferred(run, after)}; whole pipeline CPU ms/ticket azurite ${p.azuriteMs.toFixed(2)} + host ${p.hostMs.toFixed(2)} = ${p.total.toFixed(2)}`,
        );
      }
    }
    console.log('(whole pipeline: ticket, relay, deliveries, SLA orchestration start and first timer)');
    const instances = await h.api('/runtime/webhooks/durabletask/instances', { root: true });
    if (instances.status === 200) {
      const list = JSON.parse(instances.text()) as { runtimeStatus: string }[];
      const running = list.filter((i) => i.runtimeStatus === 'Running' || i.runtimeStatus === 'Pending').length;
      const tickets = [...created.values()].reduce((a, b) => a + b, 0);
      console.log(`SLA orchestrations: ${list.length} instances (${running} running) for ${tickets} tickets created`);
    }

    // Against the faster of the two bare phases beside it: a slow reference would flatter the ratio.
    const ratio = (run: Run, ...references: Run[]) => perSecond(run) / Math.max(...references.map(perSecond));
    const ratiosOne = rounds.map((r) => ratio(r.one, r.oneBefore, r.oneAfter));
    const ratiosMany = rounds.map((r) => ratio(r.many, r.manyBefore, r.manyAfter));
    const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
    console.log(`\nratio HTTP create / faster bare createEntity beside it, per round and median (goal ≥ 0.40):`);
    console.log(`  1 client:            ${list(ratiosOne)}  → median ${median(ratiosOne).toFixed(2)}`);
    console.log(`  ${`${CLIENTS} clients:`.padEnd(20)} ${list(ratiosMany)}  → median ${median(ratiosMany).toFixed(2)}`);
    console.log(
      `ratio HTTP create (1 client, first round) / bare ticket-shaped transaction: ${(perSecond(firstOne) / perSecond(bareTx)).toFixed(2)}`,
    );
    // Throughput ratios move with whatever else the machine runs; CPU per operation much less. On a
    // machine with nothing else to do and every process busy, throughput follows total CPU per op.
    const cpuPerOp = (run: Run) => (run.cpu.azurite + run.cpu.host + run.cpu.bench) / run.count;
    const cpuBound = rounds
      .map((r) => cpuPerOp(r.oneBefore) / cpuPerOp(r.one))
      .filter((v) => Number.isFinite(v) && v > 0);
    if (cpuBound.length > 0) {
      console.log(
        `CPU per op (Azurite + host + client), 1 client, per round: HTTP create ${list(rounds.map((r) => cpuPerOp(r.one)))} ms, bare createEntity ${list(rounds.map((r) => cpuPerOp(r.oneBefore)))} ms → CPU-bound ratio median ${median(cpuBound).toFixed(2)}`,
      );
    }

    // The store's promise under this load: every 201 got a number, with no gap and no duplicate.
    for (const { clientId, prefix } of clients) {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.api(`/tickets?clientId=${clientId}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        const body = JSON.parse(page.text()) as { items: { id: string }[]; nextCursor?: string };
        ids.push(...body.items.map((t) => t.id));
        cursor = body.nextCursor;
      } while (cursor);
      const numbers = ids.map((id) => Number(id.slice(prefix.length + 1))).sort((a, b) => a - b);
      const expected = created.get(clientId) ?? 0;
      const contiguous = numbers.length === expected && numbers.every((n, i) => n === i + 1);
      console.log(
        `${clientId}: ${expected} created, numbers ${contiguous ? `1..${expected}, no gaps or duplicates` : `NOT contiguous (${numbers.length} listed)`}`,
      );
      if (!contiguous) process.exitCode = 1;
    }
    const runs = [
      bareFirst,
      bareRead,
      bareTx,
      httpHealth,
      httpRead,
      ...rounds.flatMap((r) => [r.oneBefore, r.one, r.oneAfter, r.manyBefore, r.many, r.manyAfter]),
    ];
    const failures = runs.reduce((n, r) => n + r.failures, 0);
    if (failures > 0) {
      console.log(`\n${failures} requests failed; host output tail:\n${h.tail().split('\n').slice(-15).join('\n')}`);
      process.exitCode = 1;
    }
    if (PROFILE_DIR)
      console.log(`\nCPU profile of the local host: ${path.resolve(PROFILE_DIR)} (written when it stops)`);
    if (AZURITE_PROFILE_DIR)
      console.log(`CPU profile of Azurite: ${path.resolve(AZURITE_PROFILE_DIR)} (written when it stops)`);
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
