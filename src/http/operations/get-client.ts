import { clientView } from '../../app/client-view';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { hourBankSummarySchema } from './hour-bank-schemas';
import { clientSchema } from './response-schemas';

export const getClientOperation = defineOperation({
  name: 'get-client',
  method: 'GET',
  route: 'clients/{clientId}',
  summary: 'The client with its agreement (webhook secrets masked) and its hour-bank balance',
  tags: ['clients'],
  access: 'admin',
  params: clientParamsSchema,
  responses: {
    200: { description: 'The client.', schema: clientSchema.extend({ hourBank: hourBankSummarySchema }) },
    404: { description: 'No such client.' },
  },
  uses: ['clients', 'hourBank'],
  async handle({ deps, params }) {
    const client = await deps.clients.getClient(params.clientId);
    return json(200, { ...clientView(client), hourBank: await deps.hourBank.summary(client) });
  },
});
