import { z } from 'zod';
import { targetDurationSchema } from './iso-duration';

/**
 * One severity of the agreement's scheme (Category 1–4, S1–S5, Blocker…Minor).
 *
 * `calendar`, `assessWithin` and `resolveWithin` are required when `covered` (checked in
 * `agreementSchema`, which also knows the calendars); uncovered severities have no clocks.
 */
export const severitySchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
    name: z.string().trim().min(1),
    /** Shown on the web form so that a requester can pick the right severity. */
    description: z.string().trim().min(1),
    covered: z.boolean(),
    calendar: z.string().min(1).optional(),
    assessWithin: targetDurationSchema.optional(),
    resolveWithin: targetDurationSchema.optional(),
  })
  .superRefine((severity, ctx) => {
    if (!severity.covered) return;
    for (const field of ['calendar', 'assessWithin', 'resolveWithin'] as const) {
      if (severity[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `is required for a covered severity` });
      }
    }
  });

export type Severity = z.output<typeof severitySchema>;
