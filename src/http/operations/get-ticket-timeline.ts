import { z } from 'zod';
import { timelinePageSize } from '../../app/timeline-page';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { timelineEventSchema } from './response-schemas';
import { ticketParamsSchema } from './ticket-params';

const timelineQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(timelinePageSize.max)
    .default(timelinePageSize.default)
    .describe(`Events per page (default ${timelinePageSize.default}, at most ${timelinePageSize.max}).`),
  cursor: z.string().max(100).optional().describe('`nextCursor` of the previous page.'),
});

export const getTicketTimelineOperation = defineOperation({
  name: 'get-ticket-timeline',
  method: 'GET',
  route: 'tickets/{ticketId}/timeline',
  summary: "A page of a ticket's events, SLA events included, in order",
  description:
    'Oldest first. `nextCursor` is present while more may follow: pass it as `cursor` for the next page. Internal notes are left out for anyone but the support team, so their pages may hold fewer than `limit` events and still have a `nextCursor`.',
  tags: ['tickets'],
  access: 'authenticated',
  params: ticketParamsSchema,
  query: timelineQuerySchema,
  responses: {
    200: {
      description: 'A page of the timeline.',
      schema: z.object({ items: z.array(timelineEventSchema), nextCursor: z.string().optional() }),
    },
    400: { description: 'Invalid `limit` or `cursor`.' },
    404: { description: 'No such ticket (or not yours).' },
  },
  uses: ['tickets'],
  async handle({ deps, principal, params, query }) {
    const after = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
    const page = await deps.tickets.timelinePage(principal, params.ticketId, { after, limit: query.limit });
    return json(200, {
      items: page.items,
      ...(page.nextAfter !== undefined ? { nextCursor: encodeCursor(page.nextAfter) } : {}),
    });
  },
});

/** The cursor is the seq of the last timeline row read: the next page is a range read after it. */
const encodeCursor = (seq: number): string => Buffer.from(`e:${seq}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const match = /^e:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match)
    throw new HttpProblem(400, 'Invalid request', 'Unknown cursor.', [
      { field: 'cursor', pointer: '', message: 'not a cursor this API issued' },
    ]);
  return Number(match[1]);
}
