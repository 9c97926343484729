import { z } from 'zod';
import { isStaff } from '../../app/principal';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { clientParamsSchema } from './client-params';
import { contactSchema } from './put-contact';

export const listContactsOperation = defineOperation({
  name: 'list-contacts',
  method: 'GET',
  route: 'clients/{clientId}/contacts',
  summary: "A client's contacts, active and inactive, by e-mail",
  tags: ['clients'],
  access: 'authenticated',
  params: clientParamsSchema,
  responses: {
    200: { description: 'The contacts.', schema: z.object({ items: z.array(contactSchema) }) },
    403: { description: 'Staff only.' },
    404: { description: 'No such client.' },
  },
  uses: ['clients'],
  async handle({ deps, principal, params }) {
    if (!principal || !isStaff(principal))
      throw new HttpProblem(403, 'Forbidden', "Only the support team lists a client's contacts.");
    return json(200, { items: await deps.clients.listContacts(params.clientId) });
  },
});
