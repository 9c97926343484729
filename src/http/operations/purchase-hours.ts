import { idempotencyKeyHeader, idempotencyKeyOf } from '../idempotency-key';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { ledgerEntrySchema, purchaseBodySchema } from './hour-bank-schemas';

export const purchaseHoursOperation = defineOperation({
  name: 'purchase-hours',
  method: 'POST',
  route: 'clients/{clientId}/hour-bank/purchases',
  summary: 'Buy a block of hours for a client',
  description:
    'A support lead or the admin key. Adds a `purchase` entry to the ledger and publishes `hourbank.purchased` (approvers and the support lead are e-mailed). A purchase that lifts the balance re-arms the low-balance and exhausted alerts.',
  tags: ['hour bank'],
  access: 'authenticated',
  params: clientParamsSchema,
  body: purchaseBodySchema,
  headers: [idempotencyKeyHeader],
  responses: {
    201: { description: 'The ledger entry, with `balanceAfter`.', schema: ledgerEntrySchema },
    400: { description: 'Invalid body (hours not in 0.25 steps, ≤ 0).' },
    403: { description: 'Not a support lead.' },
    404: { description: 'No such client.' },
    422: { description: 'The Idempotency-Key was used with another request.' },
  },
  uses: ['hourBank'],
  async handle({ deps, principal, params, body, request }) {
    const result = await deps.hourBank.purchase(principal, params.clientId, body, idempotencyKeyOf(request));
    return json(201, result.body, {
      location: `/api/clients/${params.clientId}/hour-bank`,
      ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
});
