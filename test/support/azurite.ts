import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAzurite as startAzuriteProcess, type RunningAzurite } from '../../local-host/azurite-process';

export type { RunningAzurite };

/**
 * Test helper: an Azurite (blob, queue, table) from the npm package on free loopback ports, ready when
 * it resolves (the local host's own launcher polls each service with a real request), stopped by `stop()`.
 */
export function startAzurite(): Promise<RunningAzurite> {
  return startAzuriteProcess({});
}

/** Same, keeping data in `dataDir`, so a second Azurite started on it sees what the first stored (restart tests). */
export function startAzuriteOnDisk(dataDir: string): Promise<RunningAzurite> {
  return startAzuriteProcess({ location: dataDir });
}

/** A fresh temporary folder and a way to remove it. */
export function tempDataDir(prefix = 'azurite-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
