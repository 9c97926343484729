import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';

/**
 * What the sign-in page offers: the e-mail link always, "Sign in with Microsoft" for staff when an
 * Entra ID issuer and client are configured. Public: it says only which buttons to show.
 */
export const getSignInOptionsOperation = defineOperation({
  name: 'get-sign-in-options',
  method: 'GET',
  route: 'sign-in/options',
  summary: 'Which ways of signing in this deployment offers',
  tags: ['sign-in'],
  access: 'anyone',
  responses: {
    200: {
      description: 'The options.',
      schema: z.object({
        emailLink: z.literal(true),
        microsoft: z.boolean().describe('Staff may sign in with Entra ID at `GET /api/sign-in/oidc`.'),
      }),
    },
  },
  uses: ['staffOidc'],
  handle: ({ deps }) =>
    Promise.resolve(
      json(200, { emailLink: true, microsoft: deps.staffOidc !== undefined }, { 'cache-control': 'no-store' }),
    ),
});
