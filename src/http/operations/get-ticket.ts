import { json } from '../endpoint';
import { etagOf } from '../etag';
import { defineOperation } from '../operation';
import { ticketSchema } from './response-schemas';
import { ticketParamsSchema } from './ticket-params';

export const getTicketOperation = defineOperation({
  name: 'get-ticket',
  method: 'GET',
  route: 'tickets/{ticketId}',
  summary: 'A ticket with its SLA clocks evaluated now',
  tags: ['tickets'],
  access: 'authenticated',
  params: ticketParamsSchema,
  responses: {
    200: { description: 'The ticket; `ETag` for `If-Match`.', schema: ticketSchema },
    404: { description: 'No such ticket (or not yours).' },
  },
  uses: ['tickets'],
  async handle({ deps, principal, params }) {
    const { view, version } = await deps.tickets.get(principal, params.ticketId);
    return json(200, view, { etag: etagOf(version) });
  },
});
