#!/usr/bin/env node
/* global console, process */
// Builds the app and stages the one Function App package both deployment paths publish (the provision
// workflow through Azure/functions-action, `azd deploy` through azure.yaml's `dist`): dist/ without the
// local host and source maps, host.json, package.json, package-lock.json and production dependencies only.
// Nothing is built on Azure (no remote build), so what runs there is exactly this folder.
//
//   node scripts/stage-function-package.mjs --out <folder> [--no-build]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
if (outIndex === -1 || !args[outIndex + 1]) {
  console.error('usage: node scripts/stage-function-package.mjs --out <folder> [--no-build]');
  process.exit(2);
}
const out = path.resolve(args[outIndex + 1]);
// The folder is deleted and recreated: never the repository itself or a folder above it.
if (out === root || root.startsWith(out + path.sep)) {
  console.error(`refusing to stage into ${out}`);
  process.exit(2);
}

/** What the package holds besides node_modules, relative to the repository root. */
const stagedEntries = ['dist', 'host.json', 'package.json', 'package-lock.json'];

/** Left out of dist/: the local host and its build stamp (never deployed) and source maps (as .funcignore says). */
const leftOut = (relative) =>
  relative.startsWith(`dist${path.sep}local-host`) ||
  relative === path.join('dist', '.host-built') ||
  relative.endsWith('.js.map');

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!args.includes('--no-build')) execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const entry of stagedEntries) {
  const source = path.join(root, entry);
  if (!existsSync(source)) throw new Error(`${entry} is missing: run npm run build first`);
  cpSync(source, path.join(out, entry), {
    recursive: true,
    filter: (from) => !leftOut(path.relative(root, from)),
  });
}
// Production dependencies only, exactly as locked; install scripts are not needed by anything deployed.
execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: out, stdio: 'inherit' });
console.log(`staged the Function App package in ${out}`);
