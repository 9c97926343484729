import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** How a registration file is loaded: `require` in the host; a test runner may pass its own `import`. */
export type ModuleLoader = (file: string) => unknown;

// The Functions host loads registrations with require(); the local host does the same.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireModule: ModuleLoader = (file) => require(file);

/** Loads every registration file below `functionsDir`, the way the host loads the `main` glob. */
export async function loadFunctionFiles(functionsDir: string, load: ModuleLoader = requireModule): Promise<string[]> {
  const files = listRegistrationFiles(functionsDir);
  for (const file of files) await load(file);
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
