import { z } from 'zod';
import { calendarSchema } from './calendar-definition';
import { severitySchema } from './severity';
import { ticketStatusSchema, type TicketStatus } from './ticket-status';

export { calendarSchema, type CalendarDefinition } from './calendar-definition';
export { severitySchema, type Severity } from './severity';
export { ticketStatusSchema, type TicketStatus } from './ticket-status';
export { timezoneSchema } from './timezone';

const calendarIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"');

/**
 * A client's support agreement (docs/product-spec.md §1 "Client and support agreement").
 *
 * Objects are strict so that a misspelt field (`resolvewithin`) is an error with its path rather
 * than a silently missing target. Cross-references are checked last, in `superRefine`, and only
 * once each part is valid on its own.
 */
export const agreementSchema = z
  .strictObject({
    calendars: z.record(calendarIdSchema, calendarSchema),
    severities: z.array(severitySchema).min(1, 'must define at least one severity'),
    warnAt: z
      .array(z.number().gt(0, 'must be above 0').lt(1, 'must be below 1 (the breach itself is at 1)'))
      .default(() => [0.75]),
    pauseOn: z.array(ticketStatusSchema).default((): TicketStatus[] => ['waiting-on-client', 'waiting-on-vendor']),
    hourBank: z
      .strictObject({
        lowBalanceHours: z.number().min(0).default(0),
        overdraftHours: z.number().min(0).default(0),
      })
      .default(() => ({ lowBalanceHours: 0, overdraftHours: 0 })),
    /** Alert severity as a monitoring source sends it (Sev0…Sev4, critical…info) → agreement severity id. */
    alertSeverities: z.record(z.string().min(1), z.string()).default(() => ({})),
    /** Whether a monitoring "resolved" notice may resolve a ticket that no person has acted on yet. */
    autoResolveAlerts: z.boolean().default(false),
    /** The severity a ticket raised by e-mail gets until staff assess it (docs/product-spec.md §8); absent: the last covered one. */
    intakeSeverity: z.string().min(1).optional(),
  })
  .superRefine((agreement, ctx) => {
    const severityIds = new Set<string>();
    agreement.severities.forEach((severity, index) => {
      if (severityIds.has(severity.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['severities', index, 'id'],
          message: `duplicate severity id "${severity.id}"`,
        });
      }
      severityIds.add(severity.id);
      if (severity.calendar !== undefined && !Object.hasOwn(agreement.calendars, severity.calendar)) {
        const known = Object.keys(agreement.calendars).join(', ') || 'none';
        ctx.addIssue({
          code: 'custom',
          path: ['severities', index, 'calendar'],
          message: `"${severity.calendar}" is not one of the agreement's calendars (${known})`,
        });
      }
    });
    for (const [alert, severityId] of Object.entries(agreement.alertSeverities)) {
      if (!severityIds.has(severityId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alertSeverities', alert],
          message: `"${severityId}" is not a severity id of this agreement`,
        });
      }
    }
    if (agreement.intakeSeverity !== undefined) {
      const severity = agreement.severities.find((s) => s.id === agreement.intakeSeverity);
      if (!severity?.covered) {
        ctx.addIssue({
          code: 'custom',
          path: ['intakeSeverity'],
          message: severity
            ? `"${severity.id}" is not covered by this agreement: mail would raise uncovered work`
            : `"${agreement.intakeSeverity}" is not a severity id of this agreement`,
        });
      }
    }
    const fractions = new Set<number>();
    agreement.warnAt.forEach((fraction, index) => {
      if (fractions.has(fraction))
        ctx.addIssue({ code: 'custom', path: ['warnAt', index], message: `${fraction} is listed twice` });
      fractions.add(fraction);
    });
    const paused = new Set<string>();
    agreement.pauseOn.forEach((status, index) => {
      if (paused.has(status))
        ctx.addIssue({ code: 'custom', path: ['pauseOn', index], message: `"${status}" is listed twice` });
      paused.add(status);
    });
  });

export type Agreement = z.output<typeof agreementSchema>;

/** docs/product-spec.md §8: the severity of a ticket raised by mail: `intakeSeverity`, else the last covered severity, else the last. */
export function mailIntakeSeverity(agreement: Agreement): string {
  if (agreement.intakeSeverity !== undefined) return agreement.intakeSeverity;
  const covered = agreement.severities.filter((s) => s.covered);
  const last = covered[covered.length - 1] ?? agreement.severities[agreement.severities.length - 1];
  return last?.id ?? '';
}
/** What a client sends: defaults not yet applied. */
export type AgreementInput = z.input<typeof agreementSchema>;
