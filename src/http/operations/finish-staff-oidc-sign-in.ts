import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { oidcStateCookieName, readCookie, sessionCookie } from '../session-cookie';
import { publicBaseUrl } from '../request-origin';
import { staffOidcCallbackPath } from './start-staff-oidc-sign-in';

export const finishStaffOidcSignInOperation = defineOperation({
  name: 'finish-staff-oidc-sign-in',
  method: 'GET',
  route: 'sign-in/oidc/callback',
  summary: 'Where Entra ID returns the browser to',
  description:
    'Redeems the code (PKCE, state, nonce, ID token checked by openid-client), starts the same cookie session as an e-mail link for active staff, and redirects to `/console`.',
  tags: ['sign-in'],
  access: 'anyone',
  responses: {
    302: { description: 'Signed in; `Set-Cookie` carries the session; on to `/console`.' },
    403: { description: 'The round trip failed, or the account is not active staff.' },
    404: { description: 'Staff do not sign in with Entra ID here.' },
  },
  uses: ['settings', 'staffOidc'],
  async handle({ deps, request }) {
    if (!deps.staffOidc) throw new HttpProblem(404, 'Not found', 'Staff sign in by e-mail link on this deployment.');
    // The URL the provider redirected to, as registered (behind a front end the request URL may differ).
    const callback = new URL(`${publicBaseUrl(request, deps)}${staffOidcCallbackPath}${new URL(request.url).search}`);
    const { cookieValue } = await deps.staffOidc.complete(callback, readCookie(request, oidcStateCookieName));
    return {
      status: 302,
      headers: { location: '/console', 'set-cookie': sessionCookie(cookieValue), 'cache-control': 'no-store' },
    };
  },
});
