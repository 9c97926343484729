import { z } from 'zod';
import { apiKeyScopes } from '../../domain/clients/client';
import { apiKeyBodySchema } from './client-schemas';
import { hasStaffRole } from '../../app/principal';
import { json } from '../endpoint';
import { HttpProblem } from '../problem';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';

const createdKeySchema = z.object({
  id: z.string(),
  key: z.string().describe('Shown once; only its hash is stored.'),
  name: z.string(),
  scopes: z.array(z.enum(apiKeyScopes)),
  clientId: z.string(),
  createdAt: z.iso.datetime(),
});

export const createApiKeyOperation = defineOperation({
  name: 'create-api-key',
  method: 'POST',
  route: 'clients/{clientId}/api-keys',
  summary: 'Create a client API key scoped to one client',
  tags: ['clients'],
  // SPEC §4: leads manage keys as the admin key does (listing and revoking follow the same rule).
  access: 'authenticated',
  params: clientParamsSchema,
  body: apiKeyBodySchema,
  responses: {
    201: { description: 'The key, shown this once.', schema: createdKeySchema },
    403: { description: 'Only the admin key and support leads manage keys.' },
    404: { description: 'No such client.' },
  },
  async handle({ runtime, principal, params, body }) {
    if (!principal || !hasStaffRole(principal, 'lead')) throw new HttpProblem(403, 'Forbidden', 'Only the admin key and support leads manage keys.');
    const { record, key } = await runtime.clients.createApiKey(params.clientId, body.name, body.scopes);
    const { hash: _hash, ...shown } = record;
    return json(201, { ...shown, key });
  },
});
