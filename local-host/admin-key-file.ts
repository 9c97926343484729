import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The admin key from the environment, else the one generated on first start and kept in the data folder. */
export function resolveAdminKey(
  configured: string | undefined,
  dataDir: string,
): { key: string; origin: 'environment' | 'data folder' | 'generated' } {
  if (configured) return { key: configured, origin: 'environment' };
  const file = path.join(dataDir, 'admin-key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), origin: 'data folder' };
  mkdirSync(dataDir, { recursive: true });
  const key = `sdadmin_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, origin: 'generated' };
}
