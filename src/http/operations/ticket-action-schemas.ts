import { z } from 'zod';
import type { TicketAction } from '../../domain/tickets/ticket-action';
import { checkResults, tiers, ticketTypes } from '../../domain/tickets/ticket';

const text = (max: number) => z.string().trim().min(1).max(max);
const scheduleDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const contactEmail = z
  .email()
  .max(254)
  .describe('The client contact acting; required when a client key acts for a contact.');

/** Every action body `POST /api/tickets/{id}/actions` accepts, discriminated by `action`. */
export const ticketActionSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('assess'),
    severity: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Confirmed or changed severity id; a change re-computes both clocks from receipt.'),
    type: z.enum(ticketTypes).optional(),
    tier: z.enum(tiers),
    estimateHours: z.number().positive().max(10_000).optional().describe('Preliminary estimate of effort.'),
    timeframe: text(500).optional().describe('Expected timeframe told to the client.'),
    quote: z
      .strictObject({ hours: z.number().positive().max(10_000), note: text(2000).optional() })
      .optional()
      .describe('Required when the severity is not covered by the agreement.'),
    note: text(5000).optional(),
  }),
  z.strictObject({
    action: z.literal('approve'),
    mode: z
      .enum(['quote', 'on-account'])
      .describe('`quote`: billed separately; `on-account`: drawn from the hour bank.'),
    by: contactEmail.optional(),
    note: text(2000).optional(),
  }),
  z.strictObject({ action: z.literal('decline'), by: contactEmail.optional(), reason: text(2000).optional() }),
  z.strictObject({ action: z.literal('wait-client'), note: text(5000).describe('What the client is asked for.') }),
  z.strictObject({ action: z.literal('wait-vendor'), vendorReference: text(200), note: text(5000).optional() }),
  z.strictObject({ action: z.literal('resume'), note: text(5000).optional() }),
  z.strictObject({
    action: z.literal('escalate'),
    tier: z.enum(tiers),
    handoverNote: text(20_000).describe('What is known so far, for the next tier.'),
  }),
  z.strictObject({
    action: z.literal('resolve'),
    cause: text(10_000),
    workaround: text(10_000).optional(),
    fix: text(10_000).optional(),
    hotfixReference: text(200).optional(),
  }),
  z.strictObject({ action: z.literal('confirm'), by: contactEmail.optional(), note: text(2000).optional() }),
  z.strictObject({ action: z.literal('reject'), by: contactEmail.optional(), reason: text(5000) }),
  z.strictObject({ action: z.literal('close'), reason: text(2000) }),
  z.strictObject({
    action: z.literal('comment'),
    by: contactEmail.optional(),
    text: text(20_000),
    internal: z
      .boolean()
      .optional()
      .describe('Staff only: a note for the support team, never shown or sent to the client.'),
  }),
  z.strictObject({
    action: z.literal('follow-up'),
    task: text(5000).describe('Maintenance task recorded after closure.'),
  }),
  z.strictObject({
    action: z.literal('check'),
    results: z
      .array(
        z.strictObject({
          line: z
            .number()
            .int()
            .min(0)
            .max(49)
            .describe("The checklist line, counting from 0 in the ticket's checklist."),
          result: z.enum(checkResults),
          note: text(2000).optional(),
          makeItem: z
            .boolean()
            .optional()
            .describe("A `fail` only: also add it to the client's maintenance backlog as an item (once)."),
        }),
      )
      .min(1)
      .max(50)
      .describe(
        'Staff, on a maintenance ticket with a checklist: answers per line; a later answer replaces an earlier one.',
      ),
  }),
  z.strictObject({
    action: z.literal('assign'),
    to: z
      .email()
      .max(254)
      .transform((email) => email.toLowerCase())
      .describe(
        'An active engineer. A lead (or the admin key) assigns anyone; an engineer may take an unassigned ticket for themself.',
      ),
  }),
  z.strictObject({
    action: z.literal('diagnose'),
    cause: text(10_000).describe('What causes the problem, as far as known; the client reads it.'),
    workaround: text(10_000).optional(),
    estimateHours: z.number().positive().max(10_000).optional().describe('Estimated effort to fix.'),
  }),
  z.strictObject({
    action: z.literal('propose-schedule'),
    items: z
      .array(
        z.strictObject({
          what: text(500).describe('A hot fix, a build, a release…'),
          by: scheduleDate.describe('Date (YYYY-MM-DD) or date-time it is due.'),
        }),
      )
      .min(1)
      .max(50),
  }),
  z.strictObject({ action: z.literal('accept-schedule'), by: contactEmail.optional(), note: text(2000).optional() }),
  z.strictObject({
    action: z.literal('query-schedule'),
    by: contactEmail.optional(),
    remark: text(5000).describe('What the client wants changed.'),
  }),
]);

/** The schema's output and the domain's `TicketAction` are the same type: neither can gain an action or a field alone. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesDomain: Same<z.output<typeof ticketActionSchema>, TicketAction> = true;
void schemaMatchesDomain;
