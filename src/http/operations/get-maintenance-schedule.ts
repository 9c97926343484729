import { json } from '../endpoint';
import { etagOf, withEtag } from '../etag';
import { defineOperation } from '../operation';
import { scheduleParamsSchema, scheduleViewSchema } from './maintenance-schemas';

export const getMaintenanceScheduleOperation = defineOperation({
  name: 'get-maintenance-schedule',
  method: 'GET',
  route: 'clients/{clientId}/maintenance/schedules/{scheduleId}',
  summary: 'A maintenance schedule with its next 5 occurrences and those missed',
  description: "Staff and the client's approvers. The response carries the schedule's `ETag`, for `If-Match` on `PUT`.",
  tags: ['maintenance'],
  access: 'authenticated',
  params: scheduleParamsSchema,
  responses: {
    200: { description: 'The schedule.', schema: scheduleViewSchema },
    403: { description: 'A contact of the client who is not an approver.' },
    404: { description: 'No such client or schedule (or not yours).' },
  },
  uses: ['maintenanceSchedules'],
  async handle({ deps, principal, params }) {
    const read = await deps.maintenanceSchedules.getVersioned(principal, params.clientId, params.scheduleId);
    return json(200, withEtag(read), { etag: etagOf(read.version) });
  },
});
