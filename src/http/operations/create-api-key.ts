import { z } from 'zod';
import { apiKeyBodySchema, apiKeyScopes } from '../../domain/clients/client';
import { json } from '../endpoint';
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
  access: 'admin',
  params: clientParamsSchema,
  body: apiKeyBodySchema,
  responses: { 201: { description: 'The key, shown this once.', schema: createdKeySchema }, 404: { description: 'No such client.' } },
  async handle({ runtime, params, body }) {
    const { record, key } = await runtime.clients.createApiKey(params.clientId, body.name, body.scopes);
    const { hash: _hash, ...shown } = record;
    return json(201, { ...shown, key });
  },
});
