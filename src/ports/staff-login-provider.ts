import type { StaffTokenClaims } from './staff-token-verifier';

/** What the browser is sent to, and what must be kept (server-side) until it comes back. */
export interface StaffLoginStart {
  readonly authorizationUrl: string;
  readonly state: string;
  readonly codeVerifier: string;
  readonly nonce: string;
}

/** The identity provider's authorization-code flow with PKCE ("Sign in with Microsoft"). */
export interface StaffLoginProvider {
  start(redirectUri: string): Promise<StaffLoginStart>;
  /**
   * Redeems the code in the callback URL (checking state, PKCE verifier and the ID token's nonce,
   * issuer, audience and signature) and returns the naming claims of the ID token.
   */
  finish(callbackUrl: URL, checks: { state: string; codeVerifier: string; nonce: string }): Promise<StaffTokenClaims>;
}
