import { z } from 'zod';
import { clientIdSchema } from '../../domain/clients/client';
import { itemBillings, itemStatuses } from '../../domain/maintenance/item';
import {
  holidayPolicies,
  ruleProblem,
  scheduleIdPattern,
  type ScheduleDefinition,
} from '../../domain/maintenance/schedule';

const text = (max: number) => z.string().trim().min(1).max(max);

export const scheduleParamsSchema = z.object({
  clientId: clientIdSchema,
  scheduleId: z
    .string()
    .regex(scheduleIdPattern, 'must be 1–64 lowercase letters, digits or "-", starting with a letter or digit'),
});

/** `PUT /api/clients/{clientId}/maintenance/schedules/{scheduleId}` (docs/product-spec.md §10). */
export const scheduleBodySchema = z.strictObject({
  title: text(200),
  checklist: z
    .array(text(500))
    .max(50)
    .default(() => []),
  rrule: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .superRefine((rule, ctx) => {
      const problem = ruleProblem(rule);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('RFC 5545 RRULE (e.g. `FREQ=MONTHLY;BYDAY=1TU`): DAILY to YEARLY, no BYHOUR/BYMINUTE/BYSECOND.'),
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a local date-time YYYY-MM-DDTHH:mm')
    .describe("The first occurrence's local date-time in the client's timezone."),
  leadDays: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(0)
    .describe('Calendar days before an occurrence its ticket is raised.'),
  onHoliday: z
    .enum(holidayPolicies)
    .default('keep')
    .describe(
      "An occurrence on a day the client's calendar is closed: `keep`, `skip`, or move to the `next-working-day`.",
    ),
  active: z.boolean().default(true).describe('`false` pauses it: nothing is raised until it is active again.'),
  calendar: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The agreement calendar whose working days and holidays apply; default: the agreement's first weekly one.",
    ),
});

export const scheduleViewSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  title: z.string(),
  checklist: z.array(z.string()),
  rrule: z.string(),
  start: z.string(),
  leadDays: z.number().int(),
  onHoliday: z.enum(holidayPolicies),
  active: z.boolean(),
  calendar: z.string().optional(),
  timezone: z.string(),
  next: z.array(z.iso.datetime()).describe('The next 5 occurrences, after the holiday policy; none while paused.'),
  missed: z.array(z.iso.datetime()).describe('Occurrences never raised (an outage passed them).'),
  raised: z
    .array(z.object({ occurrence: z.string(), ticketId: z.string() }))
    .describe('The latest tickets it raised, by occurrence date.'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  etag: z.string().describe('The schedule’s `ETag` (as the header of a read of it): send it as `If-Match` on `PUT`.'),
});

/** The body's output and the domain's definition are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const bodyMatchesDomain: Same<
  z.output<typeof scheduleBodySchema>,
  Omit<ScheduleDefinition, 'checklist'> & { checklist: string[] }
> = true;
void bodyMatchesDomain;

/** `POST /api/clients/{clientId}/maintenance/items`. */
export const newItemBodySchema = z.strictObject({
  title: text(200),
  description: z.string().trim().max(10_000).optional(),
  estimateHours: z
    .number()
    .positive()
    .max(10_000)
    .refine((h) => Number.isInteger(h * 4), 'must be in steps of 0.25')
    .optional(),
  billing: z.enum(itemBillings).default('hour-bank').describe('`hour-bank` (called off the bank) or `quote`.'),
  sourceTicketId: z.string().max(40).optional().describe('A ticket of the same client the item comes from.'),
});

export const itemViewSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  title: z.string(),
  description: z.string(),
  estimateHours: z.number().optional(),
  billing: z.enum(itemBillings),
  sourceTicketId: z.string().optional(),
  status: z.enum(itemStatuses),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  updatedAt: z.iso.datetime(),
});
