import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from '../../local-host/azurite-process';

const repoRoot = path.resolve(__dirname, '../..');

export interface LocalHostOptions {
  readonly clock?: 'system' | 'virtual';
  readonly clockStart?: string;
  /** Reuse a data folder (to restart a host on the same storage). */
  readonly dataDir?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Extra Node.js options for the host process (e.g. `--cpu-prof` in a benchmark). */
  readonly nodeArgs?: readonly string[];
  /** HTTP port (default: a free one). */
  readonly port?: number;
  /**
   * Start the host as the leader of its own process group, as a terminal runs `npm start`, so that
   * `signalGroup` reaches every process in it (what Ctrl-C does).
   */
  readonly ownProcessGroup?: boolean;
}

export interface RunningLocalHost {
  readonly baseUrl: string;
  readonly adminKey: string;
  readonly dataDir: string;
  /** Everything the host printed so far. */
  output(): string;
  /** Process ids of the host and of the Azurite it started (for memory readings). */
  pids(): { host: number; azurite: number | undefined };
  /** `fetch` below `/api` with the admin key unless `key` says otherwise (`null`: no Authorization). */
  api(pathAndQuery: string, init?: RequestInit & { key?: string | null; json?: unknown }): Promise<Response>;
  /** SIGTERM and wait; the data folder is kept when it was given. */
  stop(): Promise<void>;
  /** SIGKILL: the host gets no chance to clean up. */
  kill(): Promise<void>;
  /** Sends `signal` to the host's whole process group (needs `ownProcessGroup`), as Ctrl-C or `kill -TERM -<pgid>` do. */
  signalGroup(signal: NodeJS.Signals): void;
  /** Resolves when the host process has exited, with its exit code or the signal that ended it. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the local host exactly as `npm start` does (from source through tsx, so no build is needed),
 * on a free port with its own Azurite and data folder, and waits until it prints that it listens.
 */
export async function startLocalHost(options: LocalHostOptions = {}): Promise<RunningLocalHost> {
  if (options.port !== undefined) return startLocalHostOnPort(options, options.port);
  // A free port is found by binding port 0 and releasing it; a suite running alongside can take it
  // before the host binds it. The host then exits at once saying so: try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLocalHostOnPort(options, (await freePorts(1))[0]!);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !/is in use on 127\.0\.0\.1/.test(error.message)) throw error;
    }
  }
}

async function startLocalHostOnPort(options: LocalHostOptions, port: number): Promise<RunningLocalHost> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'supportdesk-e2e-'));
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(repoRoot, 'local-host/main.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        SUPPORTDESK_DATA_DIR: dataDir,
        SUPPORTDESK_CLOCK: options.clock ?? 'system',
        ...(options.clockStart ? { SUPPORTDESK_CLOCK_START: options.clockStart } : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.ownProcessGroup === true,
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const adminKey = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local host did not start:\n${output}`)), 90_000);
    // Only until the banner is out: a long-running host's log must not be re-scanned on every chunk.
    const check = () => {
      const key = /admin key \([^)]*\): (\S+)/.exec(output)?.[1];
      if (key && output.includes('listening on')) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(key);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local host exited with ${code}:\n${output}`));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  const exit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });

  return {
    baseUrl,
    adminKey,
    dataDir,
    output: () => output,
    pids: () => ({
      host: child.pid ?? 0,
      azurite: childPids(child.pid).find((pid) => commandLine(pid).includes('azurite')),
    }),
    api(pathAndQuery, init = {}) {
      const { key, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      const bearer = key === undefined ? adminKey : key;
      if (bearer !== null) headers.set('authorization', `Bearer ${bearer}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${baseUrl}/api${pathAndQuery}`, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
    async stop() {
      await exit('SIGTERM');
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      await killTree(child);
    },
    signalGroup(signal) {
      if (options.ownProcessGroup !== true || child.pid === undefined)
        throw new Error('signalGroup needs ownProcessGroup');
      process.kill(-child.pid, signal);
    },
    exited: () => exited,
  };
}

function childPids(pid: number | undefined): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** SIGKILL leaves the host's Azurite child running; kill it too, as a crashed machine would. */
async function killTree(child: ChildProcess): Promise<void> {
  for (const pid of childPids(child.pid)) process.kill(pid, 'SIGKILL');
  await new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export { repoRoot };
