import { idempotencyKeyHeader, idempotencyKeyOf } from '../idempotency-key';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { adjustmentBodySchema, ledgerEntrySchema } from './hour-bank-schemas';

export const adjustHoursOperation = defineOperation({
  name: 'adjust-hours',
  method: 'POST',
  route: 'clients/{clientId}/hour-bank/adjustments',
  summary: "Correct a client's hour bank with a signed adjustment and a reason",
  description:
    'A support lead or the admin key. Entries are never edited or deleted: a mistake is corrected by an adjustment. A negative adjustment may not take the balance below −overdraftHours (409).',
  tags: ['hour bank'],
  access: 'authenticated',
  params: clientParamsSchema,
  body: adjustmentBodySchema,
  headers: [idempotencyKeyHeader],
  responses: {
    201: { description: 'The ledger entry, with `balanceAfter`.', schema: ledgerEntrySchema },
    400: { description: 'Invalid body.' },
    403: { description: 'Not a support lead.' },
    404: { description: 'No such client.' },
    409: { description: 'The balance would fall below the overdraft limit; nothing was written.' },
    422: { description: 'The Idempotency-Key was used with another request.' },
  },
  uses: ['hourBank'],
  async handle({ deps, principal, params, body, request }) {
    const result = await deps.hourBank.adjust(principal, params.clientId, body, idempotencyKeyOf(request));
    return json(201, result.body, {
      location: `/api/clients/${params.clientId}/hour-bank`,
      ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
});
