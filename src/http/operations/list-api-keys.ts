import { z } from 'zod';
import { hasStaffRole } from '../../app/principal';
import { apiKeyScopes } from '../../domain/clients/client';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { clientParamsSchema } from './client-params';

export const apiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(apiKeyScopes)),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().describe('Last authenticated request, to the minute; `null` if never used.'),
  revokedAt: z.iso.datetime().nullable().describe('When it was revoked; `null` while it works.'),
});

export const listApiKeysOperation = defineOperation({
  name: 'list-api-keys',
  method: 'GET',
  route: 'clients/{clientId}/api-keys',
  summary: "A client's API keys: name, scopes, created, last used, revoked — never the key",
  tags: ['clients'],
  access: 'authenticated',
  params: clientParamsSchema,
  responses: {
    200: { description: 'The keys, newest first.', schema: z.object({ items: z.array(apiKeyViewSchema) }) },
    403: { description: 'Only the admin key and support leads manage keys.' },
    404: { description: 'No such client.' },
  },
  uses: ['clients'],
  async handle({ deps, principal, params }) {
    if (!principal || !hasStaffRole(principal, 'lead'))
      throw new HttpProblem(403, 'Forbidden', 'Only the admin key and support leads manage keys.');
    return json(200, { items: await deps.clients.listApiKeys(params.clientId) });
  },
});
