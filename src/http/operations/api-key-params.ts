import { z } from 'zod';
import { clientIdSchema } from '../../domain/clients/client';

export const apiKeyParamsSchema = z.object({
  clientId: clientIdSchema,
  keyId: z.string().regex(/^[0-9a-f]{12}$/, 'must be a key id: 12 hexadecimal digits'),
});
