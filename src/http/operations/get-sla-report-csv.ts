import { z } from 'zod';
import { slaReportCsv } from '../../domain/reports/sla-report-csv';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { slaReportQuerySchema } from './sla-report-schemas';

export const getSlaReportCsvOperation = defineOperation({
  name: 'get-sla-report-csv',
  method: 'GET',
  route: 'clients/{clientId}/reports/sla.csv',
  summary: 'The SLA compliance report as CSV',
  description:
    'The same figures as `reports/sla`, one RFC 4180 row per month and severity (breaches are listed in the JSON only).',
  tags: ['reports'],
  access: 'authenticated',
  params: clientParamsSchema,
  query: slaReportQuerySchema,
  responses: {
    200: { description: 'The report as CSV, with a header row.', schema: z.string(), contentType: 'text/csv' },
    400: { description: 'A month is malformed, `to` is before `from`, or the range is too long.' },
    403: { description: 'Not staff nor an approver of the client.' },
    404: { description: 'No such client (or another tenant’s).' },
  },
  uses: ['reports'],
  async handle({ deps, principal, params, query }) {
    const report = await deps.reports.report(principal, params.clientId, query.from, query.to);
    return {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="sla-${params.clientId}-${query.from}-${query.to}.csv"`,
      },
      body: slaReportCsv(report),
    };
  },
});
