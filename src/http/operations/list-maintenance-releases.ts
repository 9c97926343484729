import { z } from 'zod';
import { json } from '../endpoint';
import { withEtag } from '../etag';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { releaseViewSchema } from './maintenance-release-schemas';

export const listMaintenanceReleasesOperation = defineOperation({
  name: 'list-maintenance-releases',
  method: 'GET',
  route: 'clients/{clientId}/maintenance/releases',
  summary: "A client's maintenance releases",
  description:
    "Staff and the client's approvers (approvers see no drafts), newest first. Each release carries its `etag`, for `If-Match` on its actions.",
  tags: ['maintenance'],
  access: 'authenticated',
  params: clientParamsSchema,
  responses: {
    200: { description: 'The releases.', schema: z.object({ releases: z.array(releaseViewSchema) }) },
    403: { description: 'A contact of the client who is not an approver.' },
    404: { description: 'No such client (or not yours).' },
  },
  uses: ['maintenanceReleases'],
  async handle({ deps, principal, params }) {
    const releases = await deps.maintenanceReleases.listVersioned(principal, params.clientId);
    return json(200, { releases: releases.map(withEtag) });
  },
});
