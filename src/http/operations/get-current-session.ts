import { sessionView } from '../../app/person-directory';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { sessionViewSchema } from './session-schemas';

export const noSession = () =>
  new HttpProblem(401, 'Unauthorized', 'There is no signed-in session; sign in with an e-mail link.', undefined, {
    'www-authenticate': 'Bearer',
  });

export const getCurrentSessionOperation = defineOperation({
  name: 'get-current-session',
  method: 'GET',
  route: 'sessions/current',
  summary: 'Who is signed in',
  tags: ['sign-in'],
  access: 'authenticated',
  responses: {
    200: { description: 'The signed-in person, as `POST /api/sessions` answered.', schema: sessionViewSchema },
    401: { description: 'No valid session cookie.' },
  },
  uses: [],
  handle({ session }) {
    if (!session) return Promise.reject(noSession());
    return Promise.resolve(
      json(200, sessionView(session.person, session.session.csrfToken), { 'cache-control': 'no-store' }),
    );
  },
});
