import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { timelineEventSchema } from './response-schemas';
import { ticketParamsSchema } from './ticket-params';

export const getTicketTimelineOperation = defineOperation({
  name: 'get-ticket-timeline',
  method: 'GET',
  route: 'tickets/{ticketId}/timeline',
  summary: 'Every event of a ticket, SLA events included, in order',
  tags: ['tickets'],
  access: 'authenticated',
  params: ticketParamsSchema,
  responses: { 200: { description: 'The timeline.', schema: z.object({ items: z.array(timelineEventSchema) }) }, 404: { description: 'No such ticket (or not yours).' } },
  async handle({ runtime, principal, params }) {
    return json(200, { items: await runtime.tickets.timeline(principal!, params.ticketId) });
  },
});
