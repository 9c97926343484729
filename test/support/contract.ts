import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './local-host';

/** The request examples in `../shared/contract/` that must keep working. */
export function contractClient(): Record<string, unknown> {
  const file = path.resolve(repoRoot, '../shared/contract/client.example.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
