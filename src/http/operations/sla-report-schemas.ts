import { z } from 'zod';
import { isReportMonth } from '../../domain/reports/report-month';
import { maxReportMonths } from '../../app/sla-report-service';

const monthSchema = z.string().refine(isReportMonth, 'must be a month as YYYY-MM');

export const slaReportQuerySchema = z.strictObject({
  from: monthSchema.describe('First month, in the client’s time zone.'),
  to: monthSchema.describe(`Last month, included; not before \`from\`, at most ${maxReportMonths} months after it.`),
});

const clockFiguresSchema = z.object({
  met: z.number().int(),
  breached: z.number().int().describe('Breached, whether the clock has stopped since or not.'),
  running: z.number().int().describe('Neither stopped nor due yet (paused clocks included).'),
  achievement: z.number().nullable().describe('met ÷ (met + breached); null when both are 0.'),
  medianMinutes: z
    .number()
    .nullable()
    .describe('Median counted business minutes from receipt to the stop, over stopped clocks.'),
});

export const slaReportSchema = z.object({
  clientId: z.string(),
  from: z.string(),
  to: z.string(),
  months: z.array(
    z.object({
      month: z.string().describe('YYYY-MM of receipt, client time zone.'),
      hoursCalledOff: z.number(),
      hoursPurchased: z.number(),
      severities: z.array(
        z.object({
          severity: z.string(),
          tickets: z.number().int().describe('Tickets received that month with this severity, covered or not.'),
          assess: clockFiguresSchema,
          resolve: clockFiguresSchema,
          pausedMinutes: z.number().describe('Business minutes the resolve clocks spent paused.'),
        }),
      ),
      breaches: z.array(
        z.object({
          ticketId: z.string(),
          title: z.string(),
          severity: z.string(),
          clock: z.enum(['assess', 'resolve']),
          dueAt: z.iso.datetime(),
          stoppedAt: z.iso.datetime().optional(),
        }),
      ),
    }),
  ),
});
