import { z } from 'zod';

/** A webhook delivery as the admin routes show it (see `DeliveryView`). */
export const deliverySchema = z.object({
  id: z.string().describe('`{clientId}~{webhookKey}~{lane}~{position}`; what `POST /deliveries/{id}/replay` takes.'),
  clientId: z.string(),
  url: z.string(),
  eventId: z.string().describe('The CloudEvent id, sent as `webhook-id`.'),
  eventType: z.string(),
  state: z.enum(['pending', 'delivered', 'skipped', 'dead']),
  attempts: z.number().int(),
  lastStatus: z.number().int().optional().describe('HTTP status of the last attempt; absent when no response came.'),
  lastError: z.string().optional(),
  lastAttemptAt: z.iso.datetime().optional(),
  settledAt: z.iso.datetime().optional().describe('When it was delivered or given up.'),
});
