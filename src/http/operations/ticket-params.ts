import { z } from 'zod';

/** Any string: an id that is malformed, unknown or another client's is the same 404. */
export const ticketParamsSchema = z.object({ ticketId: z.string().max(64) });
