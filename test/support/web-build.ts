import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
const builtIndex = path.join(repoRoot, 'dist/web/index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(full) : stat.mtimeMs);
  }
  return newest;
}

/**
 * Vitest global setup: the local host serves the pages from `dist/web`, so end-to-end tests need a
 * build of the current sources. Built once per run, only when missing or older than `web/`.
 */
export default function ensureWebBuilt(): void {
  const sources = Math.max(
    newestSource(path.join(repoRoot, 'web')),
    statSync(path.join(repoRoot, 'vite.config.mts')).mtimeMs,
  );
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: repoRoot, stdio: 'inherit' },
  );
}
