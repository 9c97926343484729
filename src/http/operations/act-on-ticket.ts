import { ticketActionSchema } from './ticket-action-schemas';
import { json } from '../endpoint';
import { etagOf, ifMatchCondition, whenIfMatches } from '../etag';
import { idempotencyKeyHeader, idempotencyKeyOf } from '../idempotency-key';
import { defineOperation } from '../operation';
import { ticketSchema } from './response-schemas';
import { ticketParamsSchema } from './ticket-params';

export const actOnTicketOperation = defineOperation({
  name: 'act-on-ticket',
  method: 'POST',
  route: 'tickets/{ticketId}/actions',
  summary: 'Move a ticket through its lifecycle',
  description:
    "Staff (admin key): every action. Client keys (`tickets:write`) act for a contact named in `by`: `approve`/`decline` need an approver, `confirm`/`reject` a requester or approver; anyone may `comment`. An action the ticket's state does not allow is 409; a stale `If-Match` is 412. With `Idempotency-Key`, a repeat of the same action on the same ticket answers what the first one did without applying it again (`Idempotent-Replayed: true`, no `ETag`); the same key with another action is 422.",
  tags: ['tickets'],
  access: 'authenticated',
  params: ticketParamsSchema,
  body: ticketActionSchema,
  headers: [
    {
      name: 'If-Match',
      description: 'ETag from the last read; the action is refused with 412 if the ticket changed since.',
    },
    idempotencyKeyHeader,
  ],
  responses: {
    200: { description: 'The ticket after the action.', schema: ticketSchema },
    403: { description: 'Not allowed for this caller.' },
    404: { description: 'No such ticket (or not yours).' },
    409: { description: "Not allowed in the ticket's current state." },
    412: { description: 'The ticket changed since the `If-Match` ETag.' },
    422: { description: 'The Idempotency-Key was used with another request.' },
  },
  uses: ['tickets'],
  async handle({ deps, principal, params, body, request }) {
    const expected = ifMatchCondition(request.headers.get('if-match') ?? undefined);
    const key = idempotencyKeyOf(request);
    const result = await whenIfMatches('ticket', () =>
      deps.tickets.actOnce(principal, params.ticketId, body, key, expected),
    );
    // A replay answers the first response again, without an ETag: the ticket may have changed since.
    if (result.kind === 'replayed') return json(200, result.view, { 'idempotent-replayed': 'true' });
    return json(200, result.view, { etag: etagOf(result.version) });
  },
});
