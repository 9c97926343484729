import { z } from 'zod';
import { clientIdSchema } from '../../domain/clients/client';
import { itemBillings, itemStatuses } from '../../domain/maintenance/item';
import { releaseStatuses } from '../../domain/maintenance/release';

const text = (max: number) => z.string().trim().min(1).max(max);
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a local date-time YYYY-MM-DDTHH:mm');

export const releaseParamsSchema = z.object({
  clientId: clientIdSchema,
  releaseId: z.string().regex(/^r\d{1,9}$/, 'must be a release id like r12'),
});

export const releaseWindowSchema = z
  .strictObject({
    start: localDateTime.describe("Local date-time in the client's timezone."),
    end: localDateTime.describe("Local date-time in the client's timezone, after `start`."),
  })
  .refine((w) => w.end > w.start, { message: 'must be after window.start', path: ['end'] })
  .describe("When the work happens, in the client's timezone.");

const itemIds = z
  .array(z.string().min(1).max(80))
  .min(1)
  .max(100)
  .describe("The client's maintenance items it holds (each in at most one release not yet done).");

/** `POST /api/clients/{clientId}/maintenance/releases`: a draft. */
export const newReleaseBodySchema = z.strictObject({
  title: text(200),
  window: releaseWindowSchema,
  itemIds,
  notes: z.string().trim().max(20_000).optional().describe('Release notes so far (sent when it is done).'),
});

/** `POST /api/clients/{clientId}/maintenance/releases/{releaseId}/actions`, discriminated by `action`. */
export const releaseActionSchema = z.discriminatedUnion('action', [
  z
    .strictObject({
      action: z.literal('edit'),
      title: text(200).optional(),
      window: releaseWindowSchema.optional(),
      itemIds: itemIds.optional(),
      notes: z.string().trim().max(20_000).optional(),
    })
    .describe(
      'A lead. Changing the window or the items of a proposed or approved release proposes it again (approvers e-mailed again).',
    ),
  z
    .strictObject({ action: z.literal('propose') })
    .describe('A lead: a draft or a queried release goes to the approvers.'),
  z
    .strictObject({ action: z.literal('approve'), comment: text(5000).optional() })
    .describe("One of the client's approvers; the first approval raises the release's `maintenance` ticket."),
  z
    .strictObject({ action: z.literal('query'), comment: text(5000).describe('What the approver wants changed.') })
    .describe("One of the client's approvers: back to the lead."),
  z
    .strictObject({
      action: z.literal('complete'),
      notes: z.string().trim().min(1).max(20_000).optional().describe('Release notes; default: the notes kept so far.'),
    })
    .describe('A lead: the release is done; its notes are e-mailed to approvers and requesters once.'),
]);

export const releaseItemViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  estimateHours: z.number().optional(),
  billing: z.enum(itemBillings),
  status: z.enum(itemStatuses),
  sourceTicketId: z.string().optional(),
});

export const releaseViewSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  title: z.string(),
  window: z.object({ start: z.string(), end: z.string() }),
  timezone: z.string().describe("The client's timezone, in which the window is given."),
  itemIds: z.array(z.string()),
  items: z.array(releaseItemViewSchema).describe('The items as they stand (an item deleted since is left out).'),
  notes: z.string(),
  status: z.enum(releaseStatuses),
  round: z.number().int().describe('How many times it has been proposed.'),
  decisions: z.array(
    z.object({
      decision: z.enum(['approved', 'queried']),
      by: z.string(),
      at: z.iso.datetime(),
      comment: z.string().optional(),
      round: z.number().int(),
    }),
  ),
  ticketId: z.string().optional().describe('The release’s `maintenance` ticket (raised at its first approval).'),
  completedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  etag: z
    .string()
    .describe('The release’s `ETag` (as the header of a read of it): send it as `If-Match` on an action.'),
});
