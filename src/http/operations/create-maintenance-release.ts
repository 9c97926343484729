import { json } from '../endpoint';
import { etagOf, withEtag } from '../etag';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { newReleaseBodySchema, releaseViewSchema } from './maintenance-release-schemas';

export const createMaintenanceReleaseOperation = defineOperation({
  name: 'create-maintenance-release',
  method: 'POST',
  route: 'clients/{clientId}/maintenance/releases',
  summary: 'Plan a maintenance release (a draft)',
  description:
    'A lead (or the admin key). The release holds items of the client’s backlog not in another open release; `propose` sends it to the approvers. The response carries its `ETag` for a later `If-Match`.',
  tags: ['maintenance'],
  access: 'authenticated',
  params: clientParamsSchema,
  body: newReleaseBodySchema,
  responses: {
    201: { description: 'Created (a draft).', schema: releaseViewSchema },
    400: { description: 'Invalid body (window, items); `errors` names each field.' },
    403: { description: 'Staff who are not leads.' },
    404: { description: 'No such client (or not yours).' },
    409: { description: 'An item is done, dropped or in another open release.' },
  },
  uses: ['maintenanceReleases'],
  async handle({ deps, principal, params, body }) {
    const created = await deps.maintenanceReleases.createVersioned(principal, params.clientId, body);
    return json(201, withEtag(created), {
      location: `/api/clients/${params.clientId}/maintenance/releases/${created.view.id}`,
      etag: etagOf(created.version),
    });
  },
});
