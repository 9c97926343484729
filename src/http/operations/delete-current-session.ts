import { defineOperation } from '../operation';
import { clearedSessionCookie } from '../session-cookie';
import { noSession } from './get-current-session';

export const deleteCurrentSessionOperation = defineOperation({
  name: 'delete-current-session',
  method: 'DELETE',
  route: 'sessions/current',
  summary: 'Sign out',
  description:
    'Revokes the session server-side (the cookie is refused from then on) and clears the cookie. Needs `X-CSRF-Token`.',
  tags: ['sign-in'],
  access: 'authenticated',
  headers: [{ name: 'X-CSRF-Token', description: "The session's CSRF token." }],
  responses: {
    204: { description: 'Signed out.' },
    401: { description: 'No valid session cookie.' },
    403: { description: 'Missing or wrong CSRF token, or a foreign Origin.' },
  },
  uses: ['signIn'],
  async handle({ deps, session }) {
    if (!session) throw noSession();
    await deps.signIn.revoke(session.session);
    return { status: 204, headers: { 'set-cookie': clearedSessionCookie } };
  },
});
