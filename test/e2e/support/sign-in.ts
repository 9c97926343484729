import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, vi } from 'vitest';
import type { RunningLocalHost } from '../../support/local-host';

/** The body of `POST /api/sessions` and `GET /api/sessions/current`. */
export interface SessionBody {
  readonly email: string;
  readonly name: string;
  readonly staffRoles: string[];
  readonly contacts: { clientId: string; roles: string[] }[];
  readonly csrfToken: string;
}

/** What a browser would hold after signing in: the cookie and the CSRF token the page keeps. */
export interface BrowserSession {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly body: SessionBody;
}

export interface Mail {
  readonly file: string;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** Quoted-printable (RFC 2045) back to text: soft breaks joined, `=XX` bytes decoded as UTF-8. */
function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? /^[0-9A-F]{2}$/i.exec(joined.slice(i + 1, i + 3))?.[0] : undefined;
    if (hex) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Every `.eml` the local host wrote to `<data>/mail/` for an address, as files on disk. */
export function mailTo(dataDir: string, address: string): Mail[] {
  const folder = path.join(dataDir, 'mail');
  let files: string[];
  try {
    files = readdirSync(folder).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  return files
    .map((file) => {
      const raw = readFileSync(path.join(folder, file), 'utf8');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const headers = Object.fromEntries(
        head
          .replace(/\r\n\s+/g, ' ')
          .split('\r\n')
          .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      return { file, headers, text: decodeQuotedPrintable(rest.join('\r\n\r\n')) };
    })
    .filter((mail) => mail.headers.to?.toLowerCase() === address.toLowerCase());
}

export const signInMails = (dataDir: string, address: string): Mail[] =>
  mailTo(dataDir, address).filter((m) => /sign-in link/i.test(m.headers.subject ?? ''));

/** The link in a sign-in mail, and the token in its fragment. */
export function linkIn(mail: Mail): { url: URL; token: string } {
  const link = /(https?:\/\/\S+\/sign-in\/link#token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(link, mail.text).toBeDefined();
  const url = new URL(link ?? '');
  return { url, token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '' };
}

export async function requestLink(host: RunningLocalHost, email: string): Promise<Response> {
  return host.api('/sign-in/links', { method: 'POST', key: null, json: { email } });
}

/** Asks for a link, reads the new `.eml`, and returns its token. */
export async function tokenFor(host: RunningLocalHost, email: string): Promise<string> {
  const before = new Set(signInMails(host.dataDir, email).map((m) => m.file));
  const res = await requestLink(host, email);
  expect(res.status, await res.clone().text()).toBe(202);
  // The mail is sent just after the answer (so that the answer's time says nothing about the address).
  const fresh = await vi.waitFor(
    () => {
      const found = signInMails(host.dataDir, email).filter((m) => !before.has(m.file));
      expect(found).toHaveLength(1);
      return found;
    },
    { timeout: 10_000, interval: 20 },
  );
  return linkIn(fresh[0]!).token;
}

export async function createSession(host: RunningLocalHost, token: string): Promise<Response> {
  return host.api('/sessions', { method: 'POST', key: null, json: { token }, headers: { origin: host.baseUrl } });
}

/** Signs in by e-mail link as a browser would, and asserts the cookie's attributes. */
export async function signIn(host: RunningLocalHost, email: string): Promise<BrowserSession> {
  const res = await createSession(host, await tokenFor(host, email));
  const text = await res.text();
  expect(res.status, text).toBe(201);
  const setCookie = res.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/^__Host-sd=[A-Za-z0-9_-]{43};/);
  const cookie = setCookie.split(';')[0] ?? '';
  const body = JSON.parse(text) as SessionBody;
  return { cookie, csrfToken: body.csrfToken, body };
}

/** A request with the session cookie (and, unless told otherwise, the CSRF token and the app's Origin). */
export function asSession(
  host: RunningLocalHost,
  session: BrowserSession,
  pathAndQuery: string,
  init: RequestInit & { json?: unknown; csrf?: string | null; origin?: string | null } = {},
): Promise<Response> {
  const { json, csrf, origin, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('cookie', session.cookie);
  const token = csrf === undefined ? session.csrfToken : csrf;
  if (token !== null) headers.set('x-csrf-token', token);
  const from = origin === undefined ? host.baseUrl : origin;
  if (from !== null) headers.set('origin', from);
  return host.api(pathAndQuery, { ...rest, key: null, headers, ...(json !== undefined ? { json } : {}) });
}
