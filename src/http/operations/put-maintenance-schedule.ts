import { json } from '../endpoint';
import { etagOf, ifMatchCondition, ifMatchHeader, whenIfMatches, withEtag } from '../etag';
import { defineOperation } from '../operation';
import { scheduleBodySchema, scheduleParamsSchema, scheduleViewSchema } from './maintenance-schemas';

export const putMaintenanceScheduleOperation = defineOperation({
  name: 'put-maintenance-schedule',
  method: 'PUT',
  route: 'clients/{clientId}/maintenance/schedules/{scheduleId}',
  summary: 'Create or replace a routine maintenance or health-check schedule',
  description:
    'A lead (or the admin key). Each occurrence raises one `maintenance` ticket (channel `schedule`, no SLA clocks) `leadDays` before it. Editing or pausing changes only occurrences not yet raised; a new rule or a resumed schedule starts from now. The response carries the schedule’s `ETag`; with `If-Match`, a schedule changed since (by another lead, or by the timer recording what it raised) or not there is 412 and nothing is written.',
  tags: ['maintenance'],
  access: 'authenticated',
  params: scheduleParamsSchema,
  body: scheduleBodySchema,
  headers: [ifMatchHeader('schedule')],
  responses: {
    200: { description: 'Replaced.', schema: scheduleViewSchema },
    201: { description: 'Created.', schema: scheduleViewSchema },
    400: { description: 'Invalid body (the rule, the start, the calendar); `errors` names each field.' },
    403: { description: 'Staff who are not leads.' },
    404: { description: 'No such client (or not yours).' },
    412: { description: 'The schedule changed since the `If-Match` ETag (or does not exist); nothing was written.' },
  },
  uses: ['maintenanceSchedules'],
  async handle({ deps, principal, params, body, request }) {
    const expected = ifMatchCondition(request.headers.get('if-match') ?? undefined);
    const { view, version, created } = await whenIfMatches('schedule', () =>
      deps.maintenanceSchedules.put(principal, params.clientId, params.scheduleId, body, expected),
    );
    return json(created ? 201 : 200, withEtag({ view, version }), {
      etag: etagOf(version),
      ...(created ? { location: `/api/clients/${params.clientId}/maintenance/schedules/${params.scheduleId}` } : {}),
    });
  },
});
