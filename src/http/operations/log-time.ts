import { idempotencyKeyHeader, idempotencyKeyOf } from '../idempotency-key';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { timeEntryBodySchema, timeEntrySchema } from './hour-bank-schemas';
import { ticketParamsSchema } from './ticket-params';

export const logTimeOperation = defineOperation({
  name: 'log-time',
  method: 'POST',
  route: 'tickets/{ticketId}/time-entries',
  summary: 'Book time on a ticket',
  description:
    'Staff. The hours are called off the client\'s hour bank (`hourbank.called-off`, and `hourbank.low-balance` / `hourbank.exhausted` when the balance crosses), except on a ticket whose quote was approved as a separate `quote`: that entry has `billing: "quote"` and draws nothing. An entry that would take the balance below −overdraftHours is refused with 409 and writes nothing.',
  tags: ['hour bank', 'tickets'],
  access: 'authenticated',
  params: ticketParamsSchema,
  body: timeEntryBodySchema,
  headers: [idempotencyKeyHeader],
  responses: {
    201: { description: 'The time entry.', schema: timeEntrySchema },
    400: { description: 'Invalid body (hours not in 0.25 steps, ≤ 0 or > 24; workedOn in the future).' },
    403: { description: 'Not staff.' },
    404: { description: 'No such ticket.' },
    409: { description: 'The hour bank cannot cover it within the overdraft; nothing was written.' },
    422: { description: 'The Idempotency-Key was used with another request.' },
  },
  uses: ['hourBank'],
  async handle({ deps, principal, params, body, request }) {
    const result = await deps.hourBank.logTime(principal, params.ticketId, body, idempotencyKeyOf(request));
    return json(201, result.body, {
      location: `/api/tickets/${params.ticketId}/time-entries`,
      ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
});
