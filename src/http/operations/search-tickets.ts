import { z } from 'zod';
import { ticketStatusSchema } from '../../domain/agreement/agreement';
import { clientIdSchema } from '../../domain/clients/client';
import { maxSearchOffset } from '../../app/search-service';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';

const searchQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Words of the ticket number, title, description, comments or resolution; every word must match.'),
  clientId: clientIdSchema.optional().describe('One client; staff search every client, a contact their own.'),
  status: z
    .union([ticketStatusSchema, z.array(ticketStatusSchema).max(7)])
    .optional()
    .describe('Repeatable: only tickets in one of these statuses. Default: every status, closed ones included.'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(100).optional().describe('`nextCursor` of the previous page.'),
});

const searchHitSchema = z.object({
  ticketId: z.string(),
  clientId: z.string(),
  title: z.string(),
  status: ticketStatusSchema,
  snippet: z.string().describe('Plain text around the first matched word; never markup.'),
  highlights: z
    .array(z.object({ start: z.number().int(), end: z.number().int() }))
    .describe('Where the matched words are in `snippet`: [start, end) character offsets.'),
});

export const searchTicketsOperation = defineOperation({
  name: 'search-tickets',
  method: 'GET',
  route: 'search',
  summary: 'Find tickets by what they say',
  description:
    'Ranked full-text search over ticket number, title, description, comments and resolution, with prefix and one-typo ' +
    'matching (docs/search.md). Staff search every client and internal notes; a client key or an approver the client’s ' +
    'tickets, a requester the tickets they raised, never internal notes. A change is findable within seconds.',
  tags: ['tickets'],
  access: 'authenticated',
  query: searchQuerySchema,
  responses: {
    200: {
      description: 'A page of hits, best first.',
      schema: z.object({ items: z.array(searchHitSchema), nextCursor: z.string().optional() }),
    },
    404: { description: 'No such client (or not yours).' },
  },
  uses: ['search'],
  async handle({ deps, principal, query }) {
    const { cursor, status, ...rest } = query;
    const page = await deps.search.search(principal, {
      ...rest,
      ...(status !== undefined ? { status: Array.isArray(status) ? status : [status] } : {}),
      ...(cursor !== undefined ? { offset: decodeCursor(cursor) } : {}),
    });
    return json(200, {
      items: page.items,
      ...(page.next !== undefined
        ? { nextCursor: Buffer.from(JSON.stringify({ v: 1, o: page.next })).toString('base64url') }
        : {}),
    });
  },
});

/** The cursor is the offset of the next page, opaque to callers. */
function decodeCursor(cursor: string): number {
  let decoded: { v?: unknown; o?: unknown } | undefined;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as typeof decoded;
  } catch {
    decoded = undefined;
  }
  const offset = decoded?.o;
  if (decoded?.v === 1 && Number.isInteger(offset) && (offset as number) > 0 && (offset as number) <= maxSearchOffset)
    return offset as number;
  throw new HttpProblem(400, 'Invalid request', 'Unknown cursor.', [
    { field: 'cursor', pointer: '', message: 'not a cursor this API issued' },
  ]);
}
