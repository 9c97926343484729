import { z } from 'zod';
import { json } from '../endpoint';
import { withEtag } from '../etag';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';
import { scheduleViewSchema } from './maintenance-schemas';

export const listMaintenanceSchedulesOperation = defineOperation({
  name: 'list-maintenance-schedules',
  method: 'GET',
  route: 'clients/{clientId}/maintenance/schedules',
  summary: "A client's maintenance schedules, each with its next 5 occurrences",
  description:
    "Staff and the client's approvers (the portal's upcoming checks). Each schedule carries its `etag`, for `If-Match` on `PUT`.",
  tags: ['maintenance'],
  access: 'authenticated',
  params: clientParamsSchema,
  responses: {
    200: { description: 'The schedules, by id.', schema: z.object({ items: z.array(scheduleViewSchema) }) },
    403: { description: 'A contact of the client who is not an approver.' },
    404: { description: 'No such client (or not yours).' },
  },
  uses: ['maintenanceSchedules'],
  async handle({ deps, principal, params }) {
    return json(200, { items: (await deps.maintenanceSchedules.list(principal, params.clientId)).map(withEtag) });
  },
});
