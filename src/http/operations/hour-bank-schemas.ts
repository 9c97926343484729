import { z } from 'zod';
import { isCalendarDate } from '../../domain/hour-bank/local-dates';
import { isWholeQuarters } from '../../domain/hour-bank/quarter-hours';
import { maxTimeEntryHours } from '../../domain/hour-bank/time-entry';

const text = (max: number) => z.string().trim().min(1).max(max);
const quarters = (schema: z.ZodNumber) =>
  schema.refine(isWholeQuarters, 'must be in steps of 0.25 h (hours are not rounded)');
const date = z.string().refine(isCalendarDate, 'must be a date, YYYY-MM-DD');

export const purchaseBodySchema = z.strictObject({
  hours: quarters(z.number().gt(0, 'must be more than 0').max(10_000)).describe('Hours bought, in steps of 0.25.'),
  reference: text(200).describe('Order or invoice reference.'),
});

export const adjustmentBodySchema = z.strictObject({
  hours: quarters(z.number().min(-10_000).max(10_000))
    .refine((h) => h !== 0, 'must not be 0')
    .describe('Signed correction in steps of 0.25: positive credits the bank, negative debits it.'),
  reason: text(2000),
});

export const timeEntryBodySchema = z.strictObject({
  hours: quarters(
    z.number().gt(0, 'must be more than 0').max(maxTimeEntryHours, `must be at most ${maxTimeEntryHours}`),
  ).describe('Hours worked, in steps of 0.25.'),
  note: text(5000).describe('What was done; the client sees it.'),
  workedOn: date
    .optional()
    .describe("The day the work was done, in the client's time zone; not in the future. Default: today."),
});

export const hourBankQuerySchema = z.object({
  from: date.optional().describe('First day of entries to list (client time zone), inclusive.'),
  to: date.optional().describe('Last day of entries to list (client time zone), inclusive.'),
});

export const ledgerEntrySchema = z.object({
  seq: z.number().int(),
  kind: z.enum(['purchase', 'call-off', 'adjustment']),
  hours: z.number().describe('Signed change: + purchase, − call-off, ± adjustment.'),
  at: z.iso.datetime(),
  by: z.string(),
  balanceAfter: z.number(),
  reference: z.string().optional(),
  ticketId: z.string().optional(),
  timeEntry: z.number().int().optional(),
  workedOn: z.string().optional(),
  note: z.string().optional(),
  reason: z.string().optional(),
});

export const timeEntrySchema = z.object({
  seq: z.number().int(),
  ticketId: z.string(),
  hours: z.number(),
  note: z.string(),
  workedOn: z.string(),
  billing: z
    .enum(['hour-bank', 'quote'])
    .describe("`quote`: billed on the ticket's separately approved quote; draws nothing from the bank."),
  by: z.string(),
  at: z.iso.datetime(),
  ledgerEntry: z.number().int().optional(),
  balanceAfter: z.number().optional(),
});

export const hourBankSummarySchema = z.object({
  balanceHours: z.number(),
  purchasedHours: z.number(),
  calledOffHours: z.number(),
  adjustedHours: z.number(),
  lowBalanceHours: z.number(),
  overdraftHours: z.number(),
});

export const hourBankSchema = hourBankSummarySchema.extend({
  clientId: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  entries: z.array(ledgerEntrySchema).describe('Oldest first.'),
});
