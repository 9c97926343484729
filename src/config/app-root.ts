import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The Functions app's root: the nearest folder at or above `from` that holds host.json. It is the repo
 * when running from source, and the deployment package root in Azure (host.json beside `dist/`), so
 * paths derived from it (`dist/web`, host.json itself) hold in both.
 */
export function findAppRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'host.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No host.json at or above ${from}.`);
  }
}
