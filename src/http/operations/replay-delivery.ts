import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { deliverySchema } from './delivery-schemas';

export const replayDeliveryOperation = defineOperation({
  name: 'replay-delivery',
  method: 'POST',
  route: 'deliveries/{deliveryId}/replay',
  summary: 'Send a dead webhook delivery again',
  description:
    'One attempt, now, signed afresh. Delivered: `200` with the delivery. Failed again: `502`, and the delivery stays dead.',
  tags: ['notifications'],
  access: 'admin',
  params: z.object({ deliveryId: z.string().min(1).max(200) }),
  responses: {
    200: { description: 'Delivered.', schema: deliverySchema },
    404: { description: 'No such delivery.' },
    409: { description: 'The delivery is not dead, or is being replayed.' },
    502: { description: 'The receiver failed again: a problem with the delivery in `delivery`.' },
  },
  uses: ['notifications'],
  async handle({ deps, params, request }) {
    const delivery = await deps.notifications.webhooks.replay(params.deliveryId);
    if (delivery.state === 'delivered') return json(200, delivery);
    const problem = {
      type: 'about:blank',
      title: 'Bad gateway',
      status: 502,
      detail: `The receiver failed again (${delivery.lastError ?? 'no detail'}); the delivery stays dead.`,
      instance: new URL(request.url).pathname,
      delivery,
    };
    return json(502, problem, { 'content-type': 'application/problem+json' });
  },
});
