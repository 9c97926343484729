import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { publicBaseUrl } from '../request-origin';
import { oidcStateCookie } from '../session-cookie';

export const staffOidcCallbackPath = '/api/sign-in/oidc/callback';

export const startStaffOidcSignInOperation = defineOperation({
  name: 'start-staff-oidc-sign-in',
  method: 'GET',
  route: 'sign-in/oidc',
  summary: 'Sign in with Microsoft (staff)',
  description:
    'Redirects to the Entra ID authorization endpoint (authorization code with PKCE). Only when SUPPORTDESK_STAFF_OIDC_ISSUER and SUPPORTDESK_STAFF_OIDC_CLIENT_ID are set.',
  tags: ['sign-in'],
  access: 'anyone',
  responses: {
    302: { description: 'To the identity provider; a short-lived cookie binds the round trip to this browser.' },
    404: { description: 'Staff do not sign in with Entra ID here.' },
  },
  uses: ['settings', 'staffOidc'],
  async handle({ deps, request }) {
    if (!deps.staffOidc) throw new HttpProblem(404, 'Not found', 'Staff sign in by e-mail link on this deployment.');
    const { authorizationUrl, state } = await deps.staffOidc.begin(
      `${publicBaseUrl(request, deps)}${staffOidcCallbackPath}`,
    );
    return {
      status: 302,
      headers: { location: authorizationUrl, 'set-cookie': oidcStateCookie(state), 'cache-control': 'no-store' },
    };
  },
});
