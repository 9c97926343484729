import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Loads every registration file below `functionsDir`, the way the host loads the `main` glob. */
export function loadFunctionFiles(functionsDir: string): string[] {
  const files = listRegistrationFiles(functionsDir);
  for (const file of files) require(file);
  return files;
}

function listRegistrationFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...listRegistrationFiles(full));
    else if (/\.(js|ts)$/.test(name) && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}
