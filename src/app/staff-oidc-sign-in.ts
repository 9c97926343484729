import { DomainError } from '../domain/domain-error';
import type { Clock } from '../ports/clock';
import type { SignInStore } from '../ports/sign-in-store';
import type { StaffLoginProvider } from '../ports/staff-login-provider';
import type { PersonDirectory } from './person-directory';
import { sha256, type NewSession, type SignInService } from './sign-in-service';

/** How long a browser may take at the identity provider before the round trip is refused. */
const loginStateLifetimeMs = 10 * 60_000;

const refused = () =>
  new DomainError('forbidden', 'Signing in with Microsoft did not succeed; start again from the console.');

/**
 * The staff console's "Sign in with Microsoft": the PKCE verifier and nonce stay server-side under the
 * hash of `state` (used once, 10 minutes), the browser carries `state` in a cookie too, so a callback
 * that another browser started is refused. The person must be active staff; the result is the same
 * cookie session as an e-mail link gives.
 */
export class StaffOidcSignIn {
  constructor(
    private readonly provider: StaffLoginProvider,
    private readonly store: SignInStore,
    private readonly directory: PersonDirectory,
    private readonly signIn: SignInService,
    private readonly clock: Clock,
  ) {}

  async begin(redirectUri: string): Promise<{ authorizationUrl: string; state: string }> {
    const start = await this.provider.start(redirectUri);
    await this.store.addLoginState({
      hash: sha256(start.state),
      codeVerifier: start.codeVerifier,
      nonce: start.nonce,
      expiresAt: new Date(this.clock.now().getTime() + loginStateLifetimeMs).toISOString(),
    });
    return { authorizationUrl: start.authorizationUrl, state: start.state };
  }

  async complete(callbackUrl: URL, browserState: string | undefined): Promise<NewSession> {
    const state = callbackUrl.searchParams.get('state');
    if (!state || state !== browserState) throw refused();
    const record = await this.store.consumeLoginState(sha256(state));
    if (!record || Date.parse(record.expiresAt) <= this.clock.now().getTime()) throw refused();
    let claims;
    try {
      claims = await this.provider.finish(callbackUrl, {
        state,
        codeVerifier: record.codeVerifier,
        nonce: record.nonce,
      });
    } catch {
      throw refused();
    }
    for (const address of [claims.preferredUsername, claims.email]) {
      if (!address?.includes('@') || !(await this.directory.findStaff(address))) continue;
      const person = await this.directory.find(address);
      if (person?.staff) return this.signIn.createSessionFor(person, 'oidc');
    }
    throw new DomainError('forbidden', 'This Microsoft account is not registered as active support staff.');
  }
}
