import { z } from 'zod';
import { clientIdSchema } from '../../domain/clients/client';

export const clientParamsSchema = z.object({ clientId: clientIdSchema });
export const contactParamsSchema = z.object({ clientId: clientIdSchema, email: z.email().max(254) });
