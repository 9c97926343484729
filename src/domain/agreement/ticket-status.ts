import { z } from 'zod';

/** Every state of the ticket lifecycle (docs/product-spec.md §1 "Ticket lifecycle"). */
export const ticketStatusSchema = z.enum([
  'new',
  'in-progress',
  'awaiting-approval',
  'waiting-on-client',
  'waiting-on-vendor',
  'resolved',
  'closed',
]);

export type TicketStatus = z.infer<typeof ticketStatusSchema>;
