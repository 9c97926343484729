import * as client from 'openid-client';
import type { StaffLoginProvider, StaffLoginStart } from '../../ports/staff-login-provider';
import type { StaffTokenClaims } from '../../ports/staff-token-verifier';

/**
 * "Sign in with Microsoft" through `openid-client` (v6): discovery, authorization URL with PKCE (S256),
 * state and nonce, and the code exchange with every check the library makes on the ID token. An
 * `http:` issuer is only ever configured on loopback (the settings refuse anything else).
 */
export class OpenIdClientStaffLogin implements StaffLoginProvider {
  #config: Promise<client.Configuration> | undefined;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly clientSecret: string | undefined,
  ) {}

  async start(redirectUri: string): Promise<StaffLoginStart> {
    const config = await this.#configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { authorizationUrl: url.href, state, codeVerifier, nonce };
  }

  async finish(
    callbackUrl: URL,
    checks: { state: string; codeVerifier: string; nonce: string },
  ): Promise<StaffTokenClaims> {
    const config = await this.#configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
    const preferredUsername = text(claims?.preferred_username);
    const email = text(claims?.email);
    return { ...(preferredUsername ? { preferredUsername } : {}), ...(email ? { email } : {}) };
  }

  #configuration(): Promise<client.Configuration> {
    this.#config ??= client
      .discovery(
        new URL(this.issuer),
        this.clientId,
        this.clientSecret,
        this.clientSecret ? client.ClientSecretPost(this.clientSecret) : client.None(),
        new URL(this.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        this.#config = undefined;
        throw error;
      });
    return this.#config;
  }
}
