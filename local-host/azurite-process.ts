import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findAppRoot } from '../src/config/app-root';

/** Azurite's fixed development account (public, documented, not a secret). */
const devAccount = 'devstoreaccount1';
const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Folder for Azurite's data; omit to keep everything in memory. */
  readonly location?: string;
  /** How long to wait for all three services to answer. */
  readonly readyTimeoutMs?: number;
  /** Where the ports come from (tests inject a port already taken); default: free loopback ports. */
  readonly choosePorts?: (count: number) => Promise<number[]>;
  /** Options for Azurite's Node process, before its script (the intake bench profiles it with `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

export interface RunningAzurite {
  readonly connectionString: string;
  readonly blobPort: number;
  readonly queuePort: number;
  readonly tablePort: number;
  readonly pid: number;
  /** Asks Azurite once to stop (it saves its databases) and resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts Azurite from its npm package on free loopback ports and resolves once every service answers.
 *
 * It runs through `azurite-launcher` in its own process group, so a terminal's Ctrl-C (SIGINT to the
 * foreground group) or `kill -TERM -<pgid>` reaches only the host, which stops Azurite once, after it
 * has drained; and with its stdin a pipe from this process, so it stops (saving its data) when this
 * process dies, however it dies.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  // Free ports are found by binding port 0 and releasing it: another process (a parallel test suite,
  // another host) can take one before Azurite binds it. Azurite then exits at once; try fresh ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAzuriteOnFreePorts(options);
    } catch (error) {
      if (attempt >= portAttempts || !(error instanceof Error) || !/exited early/.test(error.message)) throw error;
    }
  }
}

/** Attempts at free ports before a start that keeps failing is given up. */
const portAttempts = 3;

async function startAzuriteOnFreePorts(options: AzuriteOptions): Promise<RunningAzurite> {
  const [blobPort, queuePort, tablePort] = (await (options.choosePorts ?? freePorts)(3)) as [number, number, number];
  const args = [
    ...(options.nodeArgs ?? []),
    // Plain JavaScript beside the sources: the same file under `npm start` (dist), tsx and vitest.
    path.join(findAppRoot(__dirname), 'local-host/azurite-launcher.cjs'),
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(blobPort),
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(queuePort),
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(tablePort),
    '--skipApiVersionCheck',
    '--loose',
    '--silent',
    '--disableTelemetry',
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'ignore', 'pipe'],
    cwd: options.location ?? process.cwd(),
    detached: true,
  });
  // Nothing is written to it: its end (this process gone) is what Azurite's launcher waits for.
  child.stdin?.on('error', () => undefined);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Azurite exited early (code ${code}): ${stderr.trim()}`))),
  );
  exited.catch(() => undefined);
  const ports = { blobPort, queuePort, tablePort };
  try {
    await Promise.race([waitUntilAnswering(ports, options.readyTimeoutMs ?? 30_000), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    ...ports,
    pid: child.pid ?? 0,
    connectionString: connectionStringFor(ports),
    stop: () => (stopped ??= stopChild(child)),
  };
}

export function connectionStringFor(ports: { blobPort: number; queuePort: number; tablePort: number }): string {
  const host = 'http://127.0.0.1';
  return (
    [
      'DefaultEndpointsProtocol=http',
      `AccountName=${devAccount}`,
      `AccountKey=${devKey}`,
      `BlobEndpoint=${host}:${ports.blobPort}/${devAccount}`,
      `QueueEndpoint=${host}:${ports.queuePort}/${devAccount}`,
      `TableEndpoint=${host}:${ports.tablePort}/${devAccount}`,
    ].join(';') + ';'
  );
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function waitUntilAnswering(
  ports: { blobPort: number; queuePort: number; tablePort: number },
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const urls = [
    `http://127.0.0.1:${ports.blobPort}/${devAccount}?comp=list`,
    `http://127.0.0.1:${ports.queuePort}/${devAccount}?comp=list`,
    `http://127.0.0.1:${ports.tablePort}/${devAccount}/Tables`,
  ];
  for (const url of urls) {
    for (;;) {
      try {
        // Any HTTP answer (even 403 for the unsigned request) means the service is listening.
        await fetch(url, { signal: AbortSignal.timeout(2000) });
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`Azurite did not answer at ${url} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/** Saving large databases takes a while; only a hung Azurite is killed, and then its unsaved writes are lost. */
const stopDeadlineMs = 30_000;

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), stopDeadlineMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export const azuriteDataFolder = (dataDir: string): string => path.join(dataDir, 'azurite');
