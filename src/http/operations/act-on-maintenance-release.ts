import { json } from '../endpoint';
import { etagOf, ifMatchCondition, ifMatchHeader, whenIfMatches, withEtag } from '../etag';
import { defineOperation } from '../operation';
import { releaseActionSchema, releaseParamsSchema, releaseViewSchema } from './maintenance-release-schemas';

export const actOnMaintenanceReleaseOperation = defineOperation({
  name: 'act-on-maintenance-release',
  method: 'POST',
  route: 'clients/{clientId}/maintenance/releases/{releaseId}/actions',
  summary: 'Edit, propose, approve, query or complete a maintenance release',
  description:
    "`edit`, `propose`, `complete`: a lead (or the admin key). `approve`, `query`: the client's approvers only (staff and requesters get 403). Approvers are e-mailed on each proposal; the release notes go to approvers and the items' requesters once, when it is done. The response carries the release's `ETag`; with `If-Match`, an action on a release changed since is 412 and nothing applies.",
  tags: ['maintenance'],
  access: 'authenticated',
  params: releaseParamsSchema,
  body: releaseActionSchema,
  headers: [ifMatchHeader('release')],
  responses: {
    200: { description: 'The release after the action.', schema: releaseViewSchema },
    400: { description: 'Invalid body; `errors` names each field.' },
    403: { description: 'Not allowed to take this action (requesters never are).' },
    404: { description: 'No such client or release (or not yours).' },
    409: { description: 'The release is not in a state that allows the action (`status`), or an item is taken.' },
    412: { description: 'The release changed since the `If-Match` ETag; nothing was applied.' },
  },
  uses: ['maintenanceReleases'],
  async handle({ deps, principal, params, body, request }) {
    const expected = ifMatchCondition(request.headers.get('if-match') ?? undefined);
    const acted = await whenIfMatches('release', () =>
      deps.maintenanceReleases.actVersioned(principal, params.clientId, params.releaseId, body, expected),
    );
    return json(200, withEtag(acted), { etag: etagOf(acted.version) });
  },
});
