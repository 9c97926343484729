import { json } from '../endpoint';
import { etagOf, withEtag } from '../etag';
import { defineOperation } from '../operation';
import { releaseParamsSchema, releaseViewSchema } from './maintenance-release-schemas';

export const getMaintenanceReleaseOperation = defineOperation({
  name: 'get-maintenance-release',
  method: 'GET',
  route: 'clients/{clientId}/maintenance/releases/{releaseId}',
  summary: 'A maintenance release with its items and decisions',
  description:
    "Staff and the client's approvers (a draft only to staff). The response carries the release's `ETag`, for `If-Match` on its actions.",
  tags: ['maintenance'],
  access: 'authenticated',
  params: releaseParamsSchema,
  responses: {
    200: { description: 'The release.', schema: releaseViewSchema },
    403: { description: 'A contact of the client who is not an approver.' },
    404: { description: 'No such client or release (or not yours).' },
  },
  uses: ['maintenanceReleases'],
  async handle({ deps, principal, params }) {
    const read = await deps.maintenanceReleases.getVersioned(principal, params.clientId, params.releaseId);
    return json(200, withEtag(read), { etag: etagOf(read.version) });
  },
});
