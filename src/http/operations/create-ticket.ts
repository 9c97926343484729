import { z } from 'zod';
import { clientIdSchema } from '../../domain/clients/client';
import { staffChannels, ticketTypes } from '../../domain/tickets/ticket';
import { json } from '../endpoint';
import { etagOf } from '../etag';
import { defineOperation } from '../operation';
import { idempotencyKeyOf } from '../idempotency-key';
import { ticketSchema } from './response-schemas';

export const createTicketBodySchema = z.strictObject({
  clientId: clientIdSchema,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(20_000),
  severity: z.string().min(1).max(64).describe('A severity id of the client agreement.'),
  type: z.enum(ticketTypes).default('defect'),
  reporter: z
    .email()
    .max(254)
    .optional()
    .describe(
      'A registered, active contact of the client. A contact signed in raises tickets as themself and may leave it out.',
    ),
  channel: z
    .enum(staffChannels)
    .optional()
    .describe(
      "Staff raising a ticket on a contact's behalf: how it reached them (required for staff). Others get `portal`, `api` or `alert` from the system.",
    ),
  receivedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'With `channel`: when the call or mail came in, at most 7 days back and not in the future; the SLA clocks start then.',
    ),
});

export const createTicketOperation = defineOperation({
  name: 'create-ticket',
  method: 'POST',
  route: 'tickets',
  summary: 'Raise a ticket',
  description:
    'Its SLA clocks start at receipt. With `Idempotency-Key`, a repeat of the same request replays the first response; the same key with another body is refused (422).',
  tags: ['tickets'],
  access: 'authenticated',
  body: createTicketBodySchema,
  headers: [{ name: 'Idempotency-Key', description: 'Makes retries safe: at most one ticket per key.' }],
  responses: {
    201: { description: 'Created; `Location` and `ETag` set.', schema: ticketSchema },
    400: { description: 'Invalid body.' },
    404: { description: 'No such client (or not yours).' },
    422: {
      description: 'Reporter is not a registered, active contact; or the Idempotency-Key was used with another body.',
    },
  },
  uses: ['tickets'],
  async handle({ deps, principal, body, request }) {
    const key = idempotencyKeyOf(request);
    const result = await deps.tickets.create(principal, body, key);
    if (result.kind === 'replayed') {
      // The first response again, without an ETag: the ticket may have changed since.
      return json(201, result.view, { location: `/api/tickets/${result.view.id}`, 'idempotent-replayed': 'true' });
    }
    return json(201, result.view, { location: `/api/tickets/${result.view.id}`, etag: etagOf(result.version) });
  },
});
