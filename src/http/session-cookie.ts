import type { HttpRequest } from '@azure/functions';
import { signInLimits } from '../app/sign-in-service';

/** `__Host-`: only ever set by this origin, over a secure context, for the whole site (Path=/, no Domain). */
export const sessionCookieName = '__Host-sd';

export function readCookie(request: HttpRequest, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export function sessionCookie(value: string): string {
  return `${sessionCookieName}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${signInLimits.sessionAbsoluteMs / 1000}`;
}

export const clearedSessionCookie = `${sessionCookieName}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`;

/** Binds an Entra ID round trip to the browser that started it (10 minutes, sent back on the top-level redirect). */
export const oidcStateCookieName = '__Host-sd-oidc';

export function oidcStateCookie(state: string): string {
  return `${oidcStateCookieName}=${state}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600`;
}
