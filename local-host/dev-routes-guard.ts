import { bearerIs } from './admin-bearer';
import type { HostRoute } from './http-gateway';
import { writeProblem } from './host-responses';

export const devRoutePrefix = '/api/dev/';

/**
 * Every `/api/dev/*` route of the local host (clock, faults, topic) answers the admin key only. The
 * routes check it themselves too; this guard, placed first, makes it true for any route added later
 * and for paths that do not exist (no probing which dev routes this host has).
 */
export function devRoutesNeedAdmin(adminKey: string): HostRoute {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (!path.startsWith(devRoutePrefix) || bearerIs(req, adminKey)) return Promise.resolve(false);
    writeProblem(
      res,
      401,
      'Unauthorized',
      'The local host dev routes need the admin key as `Authorization: Bearer <key>`.',
    );
    return Promise.resolve(true);
  };
}
