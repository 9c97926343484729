import { z } from 'zod';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { sessionCookie } from '../session-cookie';
import { sessionViewSchema } from './session-schemas';

export const createSessionOperation = defineOperation({
  name: 'create-session',
  method: 'POST',
  route: 'sessions',
  summary: "Sign in with a sign-in link's token",
  description:
    'Uses the token up and starts a server-side session named by the `__Host-sd` cookie (Secure, HttpOnly, SameSite=Lax). Sessions end after 12 idle hours, after 7 days, on sign-out, and at once when the person is deactivated. A used, expired or unknown token gets the same 400.',
  tags: ['sign-in'],
  access: 'anyone',
  body: z.strictObject({ token: z.string().min(1).max(200).describe("The `token` from the sign-in link's fragment.") }),
  responses: {
    201: { description: 'Signed in; `Set-Cookie` carries the session.', schema: sessionViewSchema },
    400: { description: 'The token is used, expired or unknown.' },
  },
  uses: ['signIn'],
  async handle({ deps, body }) {
    const { cookieValue, view } = await deps.signIn.createSession(body.token);
    return json(201, view, { 'set-cookie': sessionCookie(cookieValue), 'cache-control': 'no-store' });
  },
});
