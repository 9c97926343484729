import type { IncomingMessage } from 'node:http';
import { secretsEqual } from '../src/app/api-keys';

/** Whether the request carries `Authorization: Bearer <key>` with exactly this key (constant time). */
export function bearerIs(req: IncomingMessage, key: string): boolean {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  return token !== undefined && secretsEqual(token, key);
}
