import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { timeEntrySchema } from './hour-bank-schemas';
import { ticketParamsSchema } from './ticket-params';

export const listTimeEntriesOperation = defineOperation({
  name: 'list-time-entries',
  method: 'GET',
  route: 'tickets/{ticketId}/time-entries',
  summary: 'Time booked on a ticket, oldest first',
  description:
    'Staff; the client: its keys with `tickets:read`, its approvers, and the requester who raised the ticket.',
  tags: ['hour bank', 'tickets'],
  access: 'authenticated',
  params: ticketParamsSchema,
  responses: {
    200: { description: 'The time entries.', schema: z.object({ items: z.array(timeEntrySchema) }) },
    404: { description: 'No such ticket (or not yours).' },
  },
  uses: ['hourBank'],
  async handle({ deps, principal, params }) {
    return json(200, { items: await deps.hourBank.timeEntries(principal, params.ticketId) });
  },
});
