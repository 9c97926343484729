import { z } from 'zod';
import { apiKeyScopes } from '../../domain/clients/client';
import { apiKeyBodySchema } from './client-schemas';
import { hasStaffRole } from '../../app/principal';
import { idempotencyKeyOf } from '../idempotency-key';
import { json } from '../endpoint';
import { HttpProblem } from '../problem';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';

const createdKeySchema = z.object({
  id: z.string(),
  key: z
    .string()
    .optional()
    .describe(
      'Shown once, in the answer that created the key; only its hash is stored. A repeat with the same Idempotency-Key answers without it.',
    ),
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
  // docs/product-spec.md §4: leads manage keys as the admin key does (listing and revoking follow the same rule).
  access: 'authenticated',
  params: clientParamsSchema,
  body: apiKeyBodySchema,
  responses: {
    201: {
      description:
        'The key, shown this once. A repeat with the same Idempotency-Key makes no second key: it answers with the first, without its secret (`Idempotent-Replayed: true`).',
      schema: createdKeySchema,
    },
    422: { description: 'The Idempotency-Key was used with another request.' },
    403: { description: 'Only the admin key and support leads manage keys.' },
    404: { description: 'No such client.' },
  },
  uses: ['clients'],
  async handle({ deps, principal, params, body, request }) {
    if (!principal || !hasStaffRole(principal, 'lead'))
      throw new HttpProblem(403, 'Forbidden', 'Only the admin key and support leads manage keys.');
    const created = await deps.clients.createApiKey(principal, params.clientId, body, idempotencyKeyOf(request));
    const { hash: _hash, ...shown } = created.record;
    if (created.kind === 'replayed') return json(201, shown, { 'idempotent-replayed': 'true' });
    return json(201, { ...shown, key: created.key });
  },
});
