import { z } from 'zod';
import { clientIdSchema } from '../../domain/clients/client';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { deliverySchema } from './delivery-schemas';

export const listFailedDeliveriesOperation = defineOperation({
  name: 'list-failed-deliveries',
  method: 'GET',
  route: 'deliveries/failed',
  summary: 'Webhook deliveries that were given up',
  description:
    'Deliveries that failed every attempt of the retry policy (or got 410 Gone) and are dead-lettered, oldest first. `POST /deliveries/{deliveryId}/replay` sends one again.',
  tags: ['notifications'],
  access: 'admin',
  query: z.strictObject({
    clientId: clientIdSchema.optional().describe('Only this client’s deliveries.'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  responses: { 200: { description: 'The dead deliveries.', schema: z.object({ items: z.array(deliverySchema) }) } },
  uses: ['notifications'],
  async handle({ deps, query }) {
    return json(200, { items: await deps.notifications.webhooks.failed(query.clientId, query.limit) });
  },
});
