import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { hourBankQuerySchema, hourBankSchema } from './hour-bank-schemas';

export const getHourBankOperation = defineOperation({
  name: 'get-hour-bank',
  method: 'GET',
  route: 'clients/{clientId}/hour-bank',
  summary: "A client's hour bank: balance, totals and ledger entries",
  description:
    "Staff, the client's approvers, and its keys with `tickets:read`. Totals are the bank's; `from`/`to` (dates in the client's time zone, inclusive) filter the entries, oldest first.",
  tags: ['hour bank'],
  access: 'authenticated',
  params: clientParamsSchema,
  query: hourBankQuerySchema,
  responses: {
    200: { description: 'The hour bank.', schema: hourBankSchema },
    403: { description: 'A contact of the client who is not an approver, or a key without tickets:read.' },
    404: { description: 'No such client (or not yours).' },
  },
  uses: ['hourBank'],
  async handle({ deps, principal, params, query }) {
    return json(200, await deps.hourBank.view(principal, params.clientId, query));
  },
});
