import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { clientParamsSchema } from './client-params';

const clientFormSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  timezone: z.string().describe('IANA timezone: SLA due times are shown in it.'),
  agreementVersion: z.number().int().describe('The agreement version shown: the current one, or the one asked for.'),
  severities: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      covered: z.boolean().describe('Uncovered work is quoted before it starts.'),
    }),
  ),
});

export const getClientSeveritiesOperation = defineOperation({
  name: 'get-client-severities',
  method: 'GET',
  route: 'clients/{clientId}/severities',
  summary: "The client's severities, name and timezone, for the ticket form",
  description:
    'For anyone who may see the client (its contacts, its keys, staff): severity names, descriptions and coverage — not the calendars or settings.',
  tags: ['clients'],
  access: 'authenticated',
  params: clientParamsSchema,
  query: z.object({
    agreementVersion: z.coerce
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "An older agreement version, e.g. a ticket's `agreementVersion`: its severities may since have been dropped.",
      ),
  }),
  responses: {
    200: { description: 'The form data.', schema: clientFormSchema },
    404: { description: 'No such client (or not yours), or no such agreement version.' },
  },
  uses: ['clients'],
  async handle({ deps, principal, params, query }) {
    return json(200, await deps.clients.clientForm(principal, params.clientId, query.agreementVersion));
  },
});
