import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../ports/clock';
import type { StaffTokenClaims, StaffTokenVerifier } from '../../ports/staff-token-verifier';
import { discoverJwksUri } from './oidc-discovery';

/**
 * Verifies Entra ID (or any OpenID Provider's) access and ID tokens with `jose`: the signing keys come
 * from the JWKS the discovery document names (fetched once, refreshed by jose when a new `kid` shows
 * up); `iss`, `aud`, `exp` and `nbf` are checked against the runtime clock.
 */
export class JoseStaffTokenVerifier implements StaffTokenVerifier {
  #keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  async verify(token: string): Promise<StaffTokenClaims | undefined> {
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.#jwks();
    } catch (error) {
      this.#keys = undefined;
      this.log(`staff OIDC discovery failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.issuer,
        audience: this.audience,
        currentDate: this.clock.now(),
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'],
        requiredClaims: ['exp'],
        clockTolerance: 60,
      });
      const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
      const preferredUsername = text(payload.preferred_username);
      const email = text(payload.email);
      return { ...(preferredUsername ? { preferredUsername } : {}), ...(email ? { email } : {}) };
    } catch {
      return undefined;
    }
  }

  #jwks(): Promise<JWTVerifyGetKey> {
    this.#keys ??= discoverJwksUri(this.issuer).then((uri) => createRemoteJWKSet(uri, { timeoutDuration: 10_000 }));
    return this.#keys;
  }
}
