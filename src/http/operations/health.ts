import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';

export const healthOperation = defineOperation({
  name: 'health',
  method: 'GET',
  route: 'health',
  summary: 'Liveness of the service',
  tags: ['service'],
  access: 'anyone',
  responses: { 200: { description: 'The service answers.', schema: z.object({ status: z.literal('ok') }) } },
  uses: [],
  handle: () => Promise.resolve(json(200, { status: 'ok' })),
});
