import type { Meter } from '../src/ports/meter';
import { bearerIs } from './admin-bearer';
import { writeJson, writeProblem } from './host-responses';
import type { HostRoute } from './http-gateway';

export const devMeterPath = '/api/dev/meter';

/**
 * `GET /api/dev/meter` (admin key only): every count of Azure-billable operations so far — storage
 * transactions, Service Bus operations, Durable episodes and history events, function executions and
 * their CPU, e-mails. `npm run bench:cost` reads it before and after each phase.
 */
export function devMeterRoute(meter: Meter, adminKey: string): HostRoute {
  return (req, res) => {
    if (new URL(req.url ?? '/', 'http://local').pathname !== devMeterPath) return Promise.resolve(false);
    if (!bearerIs(req, adminKey))
      writeProblem(res, 401, 'Unauthorized', 'The dev meter needs the admin key as `Authorization: Bearer <key>`.');
    else if (req.method !== 'GET') writeProblem(res, 405, 'Method Not Allowed', 'The dev meter answers GET only.');
    else writeJson(res, 200, { counts: meter.snapshot() });
    return Promise.resolve(true);
  };
}
