import { z } from 'zod';
import { contactRoles } from '../../domain/clients/client';
import { contactBodySchema } from './client-schemas';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { contactParamsSchema } from './client-params';

export const contactSchema = z.object({
  clientId: z.string(),
  email: z.email(),
  name: z.string(),
  roles: z.array(z.enum(contactRoles)),
  active: z.boolean(),
  updatedAt: z.iso.datetime(),
});

export const putContactOperation = defineOperation({
  name: 'put-contact',
  method: 'PUT',
  route: 'clients/{clientId}/contacts/{email}',
  summary: 'Register or update a client contact',
  description:
    '`requester` may raise and follow tickets; `approver` may also approve estimates and confirm resolutions. `active: false` withdraws a contact.',
  tags: ['clients'],
  access: 'admin',
  params: contactParamsSchema,
  body: contactBodySchema,
  responses: {
    200: { description: 'Updated.', schema: contactSchema },
    201: { description: 'Registered.', schema: contactSchema },
    404: { description: 'No such client.' },
  },
  uses: ['clients'],
  async handle({ deps, params, body }) {
    const { contact, created } = await deps.clients.putContact(params.clientId, params.email, body);
    return json(created ? 201 : 200, contact);
  },
});
