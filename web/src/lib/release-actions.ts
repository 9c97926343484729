import { call, client } from '../api/client';
import type { MaintenanceReleaseAction } from '../api/types';

/** Sends one action on a release (propose, approve, query, edit, complete); the page then reloads it. */
export async function actOnRelease(clientId: string, releaseId: string, body: MaintenanceReleaseAction): Promise<void> {
  await call(
    client.POST('/api/clients/{clientId}/maintenance/releases/{releaseId}/actions', {
      params: { path: { clientId, releaseId } },
      body,
    }),
  );
}
