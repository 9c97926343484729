import { z } from 'zod';
import { contactRoles } from '../../domain/clients/client';
import { staffRoles } from '../../domain/people/staff';

export const sessionViewSchema = z.object({
  email: z.email(),
  name: z.string(),
  staffRoles: z.array(z.enum(staffRoles)),
  contacts: z.array(z.object({ clientId: z.string(), roles: z.array(z.enum(contactRoles)) })),
  csrfToken: z
    .string()
    .describe('Send it as `X-CSRF-Token` with every POST, PUT and DELETE made with the session cookie.'),
});
