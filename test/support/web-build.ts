import { execFileSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

/**
 * Vitest global setup: the local host serves the pages from `dist/web`, so end-to-end tests need a
 * build of the current sources: built once per run, only when missing or older than `web/` (the same
 * check `npm start` makes).
 */
export default function ensureWebBuilt(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-if-stale.mjs'), 'web'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}
