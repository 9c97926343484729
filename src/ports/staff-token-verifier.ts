/** The claims that name the person in a verified staff token. */
export interface StaffTokenClaims {
  readonly preferredUsername?: string;
  readonly email?: string;
}

/** Checks a bearer JWT from the staff identity provider: signature, `iss`, `aud`, `exp`, `nbf`. */
export interface StaffTokenVerifier {
  /** The token's naming claims when it is valid, otherwise `undefined` (never throws for a bad token). */
  verify(token: string): Promise<StaffTokenClaims | undefined>;
}
