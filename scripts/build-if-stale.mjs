/* global console, process */
// Builds what `npm start` and the end-to-end tests run, only where the sources are newer than the build:
// a second `npm start` with nothing changed starts in seconds. `node scripts/build-if-stale.mjs [web|host]…`
// (both when none is named). Plain Node.js, so it runs before anything is compiled.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time under the given files and folders (0 when none exists). */
function newest(...entries) {
  let time = 0;
  for (const entry of entries) {
    const full = path.join(root, entry);
    if (!existsSync(full)) continue;
    const stat = statSync(full);
    // A folder's own time moves when a file in it is added, renamed or removed.
    time = Math.max(time, stat.mtimeMs);
    if (stat.isDirectory()) for (const name of readdirSync(full)) time = Math.max(time, newest(path.join(entry, name)));
  }
  return time;
}

const builtAt = (file) => (existsSync(path.join(root, file)) ? statSync(path.join(root, file)).mtimeMs : -1);
const run = (script, args) =>
  execFileSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });

const targets = {
  // The pages, as `npm run build:web` builds them.
  web: {
    sources: ['web', 'vite.config.mts', 'package-lock.json'],
    built: 'dist/web/index.html',
    build: () => run('node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn']),
  },
  // The registrations, src/ and the local host in one compilation (tsconfig.local-host.json includes all three).
  host: {
    sources: [
      'functions',
      'src',
      'local-host',
      'tsconfig.json',
      'tsconfig.build.json',
      'tsconfig.local-host.json',
      'package-lock.json',
    ],
    built: 'dist/.host-built',
    build: () => {
      run('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.local-host.json']);
      writeFileSync(path.join(root, 'dist/.host-built'), `${new Date().toISOString()}\n`);
    },
  },
};

for (const name of process.argv.length > 2 ? process.argv.slice(2) : Object.keys(targets)) {
  const target = targets[name];
  if (!target) throw new Error(`No build target ${name}; known: ${Object.keys(targets).join(', ')}`);
  if (builtAt(target.built) >= newest(...target.sources)) continue;
  console.log(`building ${name}…`);
  target.build();
}
