import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { scheduleParamsSchema, scheduleViewSchema } from './maintenance-schemas';

export const getMaintenanceScheduleOperation = defineOperation({
  name: 'get-maintenance-schedule',
  method: 'GET',
  route: 'clients/{clientId}/maintenance/schedules/{scheduleId}',
  summary: 'A maintenance schedule with its next 5 occurrences and those missed',
  description: "Staff and the client's approvers.",
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
    return json(200, await deps.maintenanceSchedules.get(principal, params.clientId, params.scheduleId));
  },
});
