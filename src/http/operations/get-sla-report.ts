import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { slaReportQuerySchema, slaReportSchema } from './sla-report-schemas';

export const getSlaReportOperation = defineOperation({
  name: 'get-sla-report',
  method: 'GET',
  route: 'clients/{clientId}/reports/sla',
  summary: 'SLA compliance by month of receipt and severity',
  description:
    'Per month (client time zone) and severity: tickets, assess and resolve clocks met / breached / running, achievement, median counted business minutes to the stop, paused minutes; hours called off and purchased; the breached clocks with their tickets. Staff and the client’s approvers.',
  tags: ['reports'],
  access: 'authenticated',
  params: clientParamsSchema,
  query: slaReportQuerySchema,
  responses: {
    200: { description: 'The report.', schema: slaReportSchema },
    400: { description: 'A month is malformed, `to` is before `from`, or the range is too long.' },
    403: { description: 'Not staff nor an approver of the client.' },
    404: { description: 'No such client (or another tenant’s).' },
  },
  uses: ['reports'],
  async handle({ deps, principal, params, query }) {
    return json(200, await deps.reports.report(principal, params.clientId, query.from, query.to));
  },
});
