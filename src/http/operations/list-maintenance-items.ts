import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { itemViewSchema } from './maintenance-schemas';

export const listMaintenanceItemsOperation = defineOperation({
  name: 'list-maintenance-items',
  method: 'GET',
  route: 'clients/{clientId}/maintenance/items',
  summary: "A client's maintenance backlog",
  description:
    "Staff and the client's approvers. Items staff added and one per follow-up recorded on a closed ticket (follow-ups recorded before items existed are carried over on the first read), oldest first.",
  tags: ['maintenance'],
  access: 'authenticated',
  params: clientParamsSchema,
  responses: {
    200: { description: 'The items.', schema: z.object({ items: z.array(itemViewSchema) }) },
    403: { description: 'A contact of the client who is not an approver.' },
    404: { description: 'No such client (or not yours).' },
  },
  uses: ['maintenanceItems'],
  async handle({ deps, principal, params }) {
    return json(200, { items: await deps.maintenanceItems.list(principal, params.clientId) });
  },
});
