import { clientView } from '../../app/client-view';
import { clientBodySchema } from './client-schemas';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { clientSchema } from './response-schemas';

export const putClientOperation = defineOperation({
  name: 'put-client',
  method: 'PUT',
  route: 'clients/{clientId}',
  summary: 'Create or replace a client with its support agreement and notification settings',
  tags: ['clients'],
  access: 'admin',
  params: clientParamsSchema,
  body: clientBodySchema,
  responses: {
    200: { description: 'Replaced.', schema: clientSchema },
    201: { description: 'Created.', schema: clientSchema },
    400: { description: 'The body is invalid; `errors` names each field.' },
    409: {
      description:
        'The ticket prefix belongs to another client, or the agreement drops a severity that tickets still have.',
    },
  },
  uses: ['clients'],
  async handle({ deps, params, body }) {
    const { client, created } = await deps.clients.putClient(params.clientId, body);
    return json(created ? 201 : 200, clientView(client), created ? { location: `/api/clients/${client.id}` } : {});
  },
});
