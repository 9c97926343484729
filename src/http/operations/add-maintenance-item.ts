import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { itemViewSchema, newItemBodySchema } from './maintenance-schemas';

export const addMaintenanceItemOperation = defineOperation({
  name: 'add-maintenance-item',
  method: 'POST',
  route: 'clients/{clientId}/maintenance/items',
  summary: 'Add an item to a client’s maintenance backlog',
  description: 'Staff. The item starts `proposed`; a release plans it.',
  tags: ['maintenance'],
  access: 'authenticated',
  params: clientParamsSchema,
  body: newItemBodySchema,
  responses: {
    201: { description: 'Added.', schema: itemViewSchema },
    400: { description: 'Invalid body; `errors` names each field.' },
    404: { description: 'No such client (or not yours).' },
  },
  uses: ['maintenanceItems'],
  async handle({ deps, principal, params, body }) {
    const item = await deps.maintenanceItems.add(principal, params.clientId, body);
    return json(201, item, { location: `/api/clients/${params.clientId}/maintenance/items/${item.id}` });
  },
});
