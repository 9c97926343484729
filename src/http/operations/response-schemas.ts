import { z } from 'zod';
import { ticketStatusSchema } from '../../domain/agreement/agreement';
import { clientBodySchema } from './client-schemas';
import { allTicketTypes, ticketChannels, tiers } from '../../domain/tickets/ticket';
import { ticketActionNames } from '../../domain/tickets/state-machine';

/** Response shapes, for the OpenAPI document (responses are built by code, not parsed). */
export const clientSchema = clientBodySchema.extend({
  id: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  agreementVersion: z
    .number()
    .int()
    .min(1)
    .describe(
      'The current agreement version: a PUT whose agreement or timezone differs makes the next one. Tickets keep the version they were received under.',
    ),
});

const clockSchema = z.object({
  target: z.string().nullable().describe('ISO-8601 duration from the agreement.'),
  dueAt: z.iso.datetime().nullable(),
  status: z.enum(['running', 'paused', 'met', 'breached', 'not-applicable']),
  elapsed: z.string().optional(),
  remaining: z.string().optional(),
  fraction: z.number().optional(),
  stoppedAt: z.iso.datetime().optional(),
});

export const ticketSchema = z.object({
  id: z.string().describe('`{ticketPrefix}-{n}`'),
  number: z.number().int(),
  clientId: z.string(),
  title: z.string(),
  description: z.string(),
  severity: z.string(),
  type: z.enum(allTicketTypes),
  status: ticketStatusSchema,
  tier: z.enum(tiers),
  reporter: z.string(),
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  sla: z.object({ assess: clockSchema, resolve: clockSchema }),
  hoursBooked: z.number().describe('Hours booked on the ticket by time entries.'),
  agreementVersion: z
    .number()
    .int()
    .min(1)
    .describe("The client's agreement version the ticket was received under; its SLA is judged by it for good."),
  assessment: z
    .object({
      by: z.string(),
      at: z.string(),
      estimateHours: z.number().optional(),
      timeframe: z.string().optional(),
      note: z.string().optional(),
    })
    .optional(),
  quote: z.object({ hours: z.number(), note: z.string().optional() }).optional(),
  approval: z
    .object({
      decision: z.enum(['quote', 'on-account', 'declined']),
      by: z.string(),
      at: z.string(),
      note: z.string().optional(),
    })
    .optional(),
  vendorReference: z.string().optional(),
  resolution: z
    .object({
      cause: z.string(),
      workaround: z.string().optional(),
      fix: z.string().optional(),
      hotfixReference: z.string().optional(),
      by: z.string(),
      at: z.string(),
    })
    .optional(),
  followUps: z.array(z.object({ task: z.string(), by: z.string(), at: z.string() })),
  channel: z.enum(ticketChannels).optional().describe('How the ticket came in.'),
  maintenance: z
    .object({
      scheduleId: z.string(),
      occurrence: z.string().describe("The occurrence's local date: one ticket per schedule and date."),
      dueAt: z.iso.datetime().describe('When the occurrence falls due.'),
      checklist: z.array(z.string()),
    })
    .optional()
    .describe('Set on a `maintenance` ticket a schedule raised (channel `schedule`); it runs no SLA clocks.'),
  assignee: z.string().optional().describe('E-mail of the engineer working it.'),
  diagnosis: z
    .object({
      cause: z.string(),
      workaround: z.string().optional(),
      estimateHours: z.number().optional(),
      by: z.string(),
      at: z.string(),
    })
    .optional(),
  schedule: z
    .object({
      items: z.array(z.object({ what: z.string(), by: z.string() })),
      status: z.enum(['proposed', 'accepted', 'queried']),
      proposedBy: z.string(),
      proposedAt: z.string(),
      answeredBy: z.string().optional(),
      answeredAt: z.string().optional(),
      remark: z.string().optional(),
    })
    .optional()
    .describe("Dates proposed for hot fixes and builds, and the client's answer."),
  origin: z
    .object({
      kind: z.literal('alert'),
      source: z.string(),
      dedupKey: z.string(),
      occurrences: z.number().int().min(1),
    })
    .optional()
    .describe('What raised the ticket when it was not a person (monitoring alerts).'),
  allowedActions: z
    .array(z.enum(ticketActionNames))
    .describe(
      "The actions the caller may take on the ticket now (`POST …/actions`), by its state and the caller's role: what a page offers. The action can still be refused for its body (e.g. an uncovered severity without a quote).",
    ),
});

export const timelineEventSchema = z.object({
  seq: z.number().int().describe('Position on the timeline, from 1.'),
  type: z.string().describe('e.g. `ticket.created`, `sla.warning`, `sla.breached`, `sla.met`'),
  at: z.iso.datetime(),
  actor: z.string(),
  data: z
    .looseObject({
      text: z
        .string()
        .optional()
        .describe('A comment: its whole text, as stored (a mail reply keeps its quoted part).'),
      quotedFrom: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe(
          'A comment taken from a mail: the offset in `text` (UTF-16 code units) where its trailing quoted text begins. Pages fold what follows behind a toggle; nothing is cut from `text`.',
        ),
    })
    .describe("The event's data (docs/events.md): its own fields, which differ by `type`."),
});
