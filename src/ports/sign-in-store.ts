/** A sign-in link's token, known only by its hash. */
export interface SignInTokenRecord {
  readonly hash: string;
  readonly email: string;
  readonly expiresAt: string;
}

/** A server-side session, known only by the hash of the id in the cookie. */
export interface SessionRecord {
  readonly hash: string;
  readonly email: string;
  /** Sent back by the browser in `X-CSRF-Token` on every unsafe request. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  /** How the person signed in: `email-link` or `oidc`. */
  readonly method: 'email-link' | 'oidc';
}

/** The state of an OIDC authorization-code round trip, kept server-side until the callback. */
export interface LoginStateRecord {
  readonly hash: string;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly expiresAt: string;
}

export interface StoredSession {
  readonly session: SessionRecord;
  readonly version: string;
}

/** Sign-in tokens, sessions, login states and throttling counters. */
export interface SignInStore {
  addToken(record: SignInTokenRecord): Promise<void>;
  /**
   * Reads and deletes the token under the version it was read at: of two concurrent uses, only one
   * gets the record. `undefined` when unknown or already used.
   */
  consumeToken(hash: string): Promise<SignInTokenRecord | undefined>;

  addSession(record: SessionRecord): Promise<void>;
  getSession(hash: string): Promise<StoredSession | undefined>;
  /** Moves `lastSeenAt`; losing a race to another request is harmless and ignored. */
  touchSession(stored: StoredSession, lastSeenAt: string): Promise<void>;
  deleteSession(hash: string): Promise<void>;

  addLoginState(record: LoginStateRecord): Promise<void>;
  consumeLoginState(hash: string): Promise<LoginStateRecord | undefined>;

  /** Counts one more hit on `bucket`/`key` (a fixed window is part of the bucket) and returns the count. */
  hit(bucket: string, key: string): Promise<number>;
}
