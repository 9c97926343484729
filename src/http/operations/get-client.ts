import { presentClient } from '../../domain/clients/client';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { clientSchema } from './response-schemas';

export const getClientOperation = defineOperation({
  name: 'get-client',
  method: 'GET',
  route: 'clients/{clientId}',
  summary: 'The client with its agreement (webhook secrets masked)',
  tags: ['clients'],
  access: 'admin',
  params: clientParamsSchema,
  responses: { 200: { description: 'The client.', schema: clientSchema }, 404: { description: 'No such client.' } },
  async handle({ runtime, params }) {
    return json(200, presentClient(await runtime.clients.getClient(params.clientId)));
  },
});
