/**
 * Headers of every page and asset the app serves. The Content-Security-Policy allows only the app's
 * own origin: no inline scripts or styles (the build emits none), no framing, API calls same-origin.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const pageSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The sign-in link carries its token in the fragment, which is never sent; this keeps paths private too.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Hashed assets never change under their name; everything else is revalidated on every load. */
export const immutableCache = 'public, max-age=31536000, immutable';
export const revalidateCache = 'no-cache';
