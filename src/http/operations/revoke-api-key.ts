import { hasStaffRole } from '../../app/principal';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { apiKeyParamsSchema } from './api-key-params';

export const revokeApiKeyOperation = defineOperation({
  name: 'revoke-api-key',
  method: 'DELETE',
  route: 'clients/{clientId}/api-keys/{keyId}',
  summary: 'Revoke an API key: it is refused from the next request on, on every instance',
  description: 'The key stays listed with `revokedAt`. Revoking a revoked key is `204` again.',
  tags: ['clients'],
  access: 'authenticated',
  params: apiKeyParamsSchema,
  responses: {
    204: { description: 'Revoked.' },
    403: { description: 'Only the admin key and support leads manage keys.' },
    404: { description: 'No such client or key.' },
  },
  uses: ['clients'],
  async handle({ deps, principal, params }) {
    if (!principal || !hasStaffRole(principal, 'lead'))
      throw new HttpProblem(403, 'Forbidden', 'Only the admin key and support leads manage keys.');
    await deps.clients.revokeApiKey(params.clientId, params.keyId);
    return { status: 204 };
  },
});
