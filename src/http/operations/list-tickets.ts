import { z } from 'zod';
import { ticketStatusSchema } from '../../domain/agreement/agreement';
import { clientIdSchema } from '../../domain/clients/client';
import type { QueueEntry } from '../../domain/tickets/ticket-queue';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { ticketSchema } from './response-schemas';

const listQuerySchema = z.strictObject({
  clientId: clientIdSchema
    .optional()
    .describe('One client; staff see every client, a key its own, a contact the clients they belong to.'),
  status: z
    .union([ticketStatusSchema, z.array(ticketStatusSchema).max(7)])
    .optional()
    .describe(
      'Repeatable (`?status=new&status=in-progress`): tickets in any of these statuses. Default: every open status (all but `closed`).',
    ),
  assignee: z
    .union([z.literal('me'), z.email().max(254)])
    .optional()
    .describe("`me` for the caller's own queue, or an engineer's e-mail."),
  reporter: z.email().max(254).optional().describe('Only tickets this contact raised.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional().describe('`nextCursor` of the previous page.'),
});

export const listTicketsOperation = defineOperation({
  name: 'list-tickets',
  method: 'GET',
  route: 'tickets',
  summary: 'A page of the ticket queue',
  description:
    'Breached tickets first (most overdue first), then the soonest due, then tickets with no running clock (oldest first); ties by ticket number. ' +
    'Paged with an opaque keyset cursor: a ticket that does not change while you page appears exactly once (docs/ticket-queue.md).',
  tags: ['tickets'],
  access: 'authenticated',
  query: listQuerySchema,
  responses: {
    200: {
      description: 'A page.',
      schema: z.object({
        items: z.array(ticketSchema),
        nextCursor: z.string().optional(),
        asOf: z.iso
          .datetime()
          .describe("The server's clock when the page was read: countdowns run from it, not from the reader's clock."),
      }),
    },
  },
  uses: ['clock', 'tickets'],
  async handle({ deps, principal, query }) {
    const { cursor, status, ...filter } = query;
    const page = await deps.tickets.list(principal, {
      ...filter,
      ...(status !== undefined ? { status: Array.isArray(status) ? status : [status] } : {}),
      ...(cursor !== undefined ? { after: decodeCursor(cursor) } : {}),
    });
    return json(200, {
      items: page.items,
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
      asOf: deps.clock.now().toISOString(),
    });
  },
});

/** The cursor is the last position of the page and its client, opaque to callers. */
const encodeCursor = (entry: QueueEntry): string =>
  Buffer.from(JSON.stringify({ v: 1, p: entry.position, c: entry.clientId })).toString('base64url');

const positionPattern = /^[ox]\|[a-z0-9|:.TZ-]{1,80}$/;

function decodeCursor(cursor: string): QueueEntry {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    decoded = undefined;
  }
  const entry = decoded as { v?: unknown; p?: unknown; c?: unknown } | undefined;
  if (
    entry?.v === 1 &&
    typeof entry.p === 'string' &&
    positionPattern.test(entry.p) &&
    typeof entry.c === 'string' &&
    clientIdSchema.safeParse(entry.c).success
  ) {
    return { position: entry.p, clientId: entry.c };
  }
  throw new HttpProblem(400, 'Invalid request', 'Unknown cursor.', [
    { field: 'cursor', pointer: '', message: 'not a cursor this API issued' },
  ]);
}
