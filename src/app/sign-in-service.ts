import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../domain/domain-error';
import type { Clock } from '../ports/clock';
import type { EmailSender } from '../ports/email-sender';
import type { SessionRecord, SignInStore } from '../ports/sign-in-store';
import { principalOf, sessionView, type Person, type PersonDirectory, type SessionView } from './person-directory';
import type { Principal } from './principal';

/** docs/product-spec.md §4's numbers, in one place. */
export const signInLimits = {
  linkLifetimeMs: 15 * 60_000,
  sessionIdleMs: 12 * 3_600_000,
  sessionAbsoluteMs: 7 * 24 * 3_600_000,
  /** A session's `lastSeenAt` is written at most this often (a write per request would be waste). */
  touchEveryMs: 60_000,
  throttleWindowMs: 15 * 60_000,
  /** Links mailed to one address per window; more are dropped silently (the answer stays 202). */
  linksPerAddress: 5,
  /** Link requests from one client IP per window; more are refused with 429. */
  requestsPerIp: 30,
} as const;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
/** 256 random bits, URL-safe. */
const randomToken = (): string => randomBytes(32).toString('base64url');

/** Thrown when a client IP asked for too many links; `retryAfterSeconds` goes into `Retry-After`. */
export class TooManyRequestsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many sign-in requests from this address; try again later.');
    this.name = 'TooManyRequestsError';
  }
}

export interface SignInOptions {
  /** Whether staff sign in through Entra ID instead (then links are only for contacts). */
  readonly staffUseOidc: boolean;
}

export interface AuthenticatedSession {
  readonly principal: Principal;
  readonly person: Person;
  readonly session: SessionRecord;
}

/** A new session: the cookie's value (shown once, only its hash is stored) and the body to answer with. */
export interface NewSession {
  readonly cookieValue: string;
  readonly view: SessionView;
}

/** A used, expired or unknown token: one answer for all three, so nothing can be learnt by trying. */
const invalidToken = () =>
  new DomainError('invalid', 'This sign-in link is not valid any more; ask for a new one.', 'token');

/**
 * E-mail link sign-in and cookie sessions (docs/product-spec.md §4). Tokens and session ids are random 256-bit values
 * kept only as SHA-256 hashes; a token is used up by a conditional delete, so of two presses of the
 * same link only one signs in. Times come from the runtime clock (the local host's virtual clock too).
 */
export class SignInService {
  constructor(
    private readonly store: SignInStore,
    private readonly directory: PersonDirectory,
    private readonly mail: EmailSender,
    private readonly clock: Clock,
    private readonly options: SignInOptions,
  ) {}

  /**
   * Mails a link when the address belongs to an active contact (or staff member, when staff do not use
   * Entra ID). Always completes the same way for the caller, except that a client IP asking too often
   * gets TooManyRequestsError.
   *
   * The answer must not tell a registered address from any other, by its body or by its time. So the
   * request does the same storage work for every address — two throttle hits, one directory look-up,
   * one token row (for an address that gets no link, a row for a random token nobody holds, expiring
   * like the others) — and the mail, the one step only a registered address has, is sent after it:
   * `delivery` settles once it has been handed to the mail service (the caller does not wait for it).
   */
  async requestLink(email: string, clientIp: string, signInPageUrl: string): Promise<{ delivery: Promise<void> }> {
    const now = this.clock.now().getTime();
    const window = Math.floor(now / signInLimits.throttleWindowMs);
    const ipHits = await this.store.hit(`ip|${window}`, sha256(clientIp));
    if (ipHits > signInLimits.requestsPerIp) {
      throw new TooManyRequestsError(
        Math.max(1, Math.ceil(((window + 1) * signInLimits.throttleWindowMs - now) / 1000)),
      );
    }
    const address = email.toLowerCase();
    const addressHits = await this.store.hit(`address|${window}`, sha256(address));
    const person = await this.directory.find(address);
    const eligible =
      addressHits <= signInLimits.linksPerAddress &&
      person !== undefined &&
      (person.contacts.length > 0 || (person.staff && !this.options.staffUseOidc));

    const token = randomToken();
    const hash = sha256(token);
    const expiresAt = new Date(now + signInLimits.linkLifetimeMs);
    await this.store.addToken({ hash, email: address, expiresAt: expiresAt.toISOString() });
    if (!eligible || !person) {
      // Nobody holds this token: a sign-in with it finds no eligible person and is refused like any other.
      return { delivery: Promise.resolve() };
    }
    return { delivery: this.#mailLink(person, address, `${signInPageUrl}#token=${token}`, hash, expiresAt) };
  }

  async #mailLink(person: Person, address: string, link: string, hash: string, expiresAt: Date): Promise<void> {
    // The token rides in the fragment: browsers never send it to a server, a log or a Referer.
    await this.mail.send({
      to: address,
      subject: 'Your Support Desk sign-in link',
      text: [
        `Hello ${person.name},`,
        '',
        'Open this link and press "Sign in" to sign in to Support Desk:',
        '',
        link,
        '',
        `The link works once, until ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (15 minutes).`,
        'If you did not ask to sign in, ignore this message: nothing happens unless the link is used.',
        '',
      ].join('\n'),
      idempotencyKey: `sign-in|${hash}`,
    });
  }

  /** Exchanges a link's token for a session. */
  async createSession(token: string): Promise<NewSession> {
    const record = await this.store.consumeToken(sha256(token));
    if (!record || Date.parse(record.expiresAt) <= this.clock.now().getTime()) throw invalidToken();
    const person = await this.directory.find(record.email);
    if (!person) throw invalidToken();
    return this.#startSession(person, 'email-link');
  }

  /** A session for a person signed in some other way (Entra ID). */
  async createSessionFor(person: Person, method: SessionRecord['method']): Promise<NewSession> {
    return this.#startSession(person, method);
  }

  /**
   * The session a cookie names, if it is still valid and its person still active. An ended session is
   * deleted on the spot.
   */
  async authenticate(cookieValue: string): Promise<AuthenticatedSession | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return undefined;
    const stored = await this.store.getSession(sha256(cookieValue));
    if (!stored) return undefined;
    const { session } = stored;
    const now = this.clock.now().getTime();
    const idle = now - Date.parse(session.lastSeenAt) > signInLimits.sessionIdleMs;
    const old = now - Date.parse(session.createdAt) > signInLimits.sessionAbsoluteMs;
    const person = idle || old ? undefined : await this.directory.find(session.email);
    if (!person) {
      await this.store.deleteSession(session.hash);
      return undefined;
    }
    if (now - Date.parse(session.lastSeenAt) > signInLimits.touchEveryMs)
      await this.store.touchSession(stored, new Date(now).toISOString());
    return { principal: principalOf(person), person, session };
  }

  async revoke(session: SessionRecord): Promise<void> {
    await this.store.deleteSession(session.hash);
  }

  async #startSession(person: Person, method: SessionRecord['method']): Promise<NewSession> {
    const cookieValue = randomToken();
    const csrfToken = randomToken();
    const now = this.clock.now().toISOString();
    await this.store.addSession({
      hash: sha256(cookieValue),
      email: person.email,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      method,
    });
    return { cookieValue, view: sessionView(person, csrfToken) };
  }
}
