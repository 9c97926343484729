import { call, client } from '../api/client';
import { staleInWords } from './stale-edit';
import type { MaintenanceReleaseAction } from '../api/types';

/**
 * Sends one action on a release (propose, approve, query, edit, complete); the page then reloads it.
 * With `etag` (the release as the page showed it) the action carries `If-Match`: if someone changed the
 * release since, nothing applies and the 412 is told in words the person can act on.
 */
export async function actOnRelease(
  clientId: string,
  releaseId: string,
  body: MaintenanceReleaseAction,
  etag?: string,
): Promise<void> {
  try {
    await call(
      client.POST('/api/clients/{clientId}/maintenance/releases/{releaseId}/actions', {
        params: { path: { clientId, releaseId }, header: etag ? { 'If-Match': etag } : {} },
        body,
      }),
    );
  } catch (error) {
    throw staleInWords(error, 'release');
  }
}
