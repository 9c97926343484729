import { z } from 'zod';
import { toCsv } from '../csv';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { hourBankQuerySchema } from './hour-bank-schemas';

/** Columns of the statement; one row per ledger entry, `balanceAfter` being the running balance. */
export const statementColumns = [
  'entry',
  'at',
  'kind',
  'hours',
  'balanceAfter',
  'ticket',
  'reference',
  'reason',
  'note',
  'workedOn',
  'by',
] as const;

export const getHourBankStatementOperation = defineOperation({
  name: 'get-hour-bank-statement',
  method: 'GET',
  route: 'clients/{clientId}/hour-bank/statement.csv',
  summary: "A client's hour-bank statement as CSV",
  description:
    "Who may read it and the `from`/`to` filter as for the hour bank. RFC 4180 (CRLF, a header row, text fields quoted), one row per ledger entry, oldest first, with its ticket and the running balance. Text cells starting with `=`, `+`, `-`, `@`, tab or CR are prefixed with `'` so a spreadsheet does not run them as formulas.",
  tags: ['hour bank'],
  access: 'authenticated',
  params: clientParamsSchema,
  query: hourBankQuerySchema,
  responses: {
    200: {
      description: 'The statement, a header row and one row per ledger entry.',
      schema: z.string(),
      contentType: 'text/csv',
    },
    403: { description: 'A contact of the client who is not an approver, or a key without tickets:read.' },
    404: { description: 'No such client (or not yours).' },
  },
  uses: ['hourBank'],
  async handle({ deps, principal, params, query }) {
    const bank = await deps.hourBank.view(principal, params.clientId, query);
    const rows = bank.entries.map((e) => [
      e.seq,
      e.at,
      e.kind,
      e.hours,
      e.balanceAfter,
      e.ticketId ?? '',
      e.reference ?? '',
      e.reason ?? '',
      e.note ?? '',
      e.workedOn ?? '',
      e.by,
    ]);
    const period = [query.from, query.to].filter(Boolean).join('_to_');
    return {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="hour-bank-${params.clientId}${period ? `-${period}` : ''}.csv"`,
      },
      body: toCsv([...statementColumns], rows),
    };
  },
});
