import { z } from 'zod';
import { ticketStatusSchema } from '../../domain/agreement/agreement';
import { clientIdSchema } from '../../domain/clients/client';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { ticketSchema } from './response-schemas';

const listQuerySchema = z.strictObject({
  clientId: clientIdSchema.optional().describe('One client; staff see every client, a key its own, a contact the clients they belong to.'),
  status: ticketStatusSchema.optional(),
  assignee: z
    .union([z.literal('me'), z.email().max(254)])
    .optional()
    .describe('`me` for the caller\'s own queue, or an engineer\'s e-mail.'),
  reporter: z.email().max(254).optional().describe('Only tickets this contact raised.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional().describe('`nextCursor` of the previous page.'),
});

export const listTicketsOperation = defineOperation({
  name: 'list-tickets',
  method: 'GET',
  route: 'tickets',
  summary: 'A page of tickets, soonest due first',
  description: 'Tickets whose clocks can still breach come first, by their earliest due instant; then the rest, oldest first.',
  tags: ['tickets'],
  access: 'authenticated',
  query: listQuerySchema,
  responses: { 200: { description: 'A page.', schema: z.object({ items: z.array(ticketSchema), nextCursor: z.string().optional() }) } },
  async handle({ runtime, principal, query }) {
    const all = await runtime.tickets.list(principal!, query);
    const offset = query.cursor ? decodeCursor(query.cursor) : 0;
    const items = all.slice(offset, offset + query.limit);
    const next = offset + query.limit < all.length ? encodeCursor(offset + query.limit) : undefined;
    return json(200, { items, ...(next ? { nextCursor: next } : {}) });
  },
});

const encodeCursor = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new HttpProblem(400, 'Invalid request', 'Unknown cursor.', [{ field: 'cursor', pointer: '', message: 'not a cursor this API issued' }]);
  return Number(match[1]);
}
