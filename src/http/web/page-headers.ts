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

/**
 * The policy when attachments live in Blob Storage at `blobOrigin`: pages upload to it and show
 * thumbnails from it (signed URLs), so exactly that origin joins `connect-src` and `img-src`.
 */
export function contentSecurityPolicyWith(blobOrigin: string | undefined): string {
  if (!blobOrigin) return contentSecurityPolicy;
  return contentSecurityPolicy
    .replace("img-src 'self' data:", `img-src 'self' data: ${blobOrigin}`)
    .replace("connect-src 'self'", `connect-src 'self' ${blobOrigin}`);
}

/** Page headers with the blob endpoint allowed (see `contentSecurityPolicyWith`). */
export function pageSecurityHeadersWith(blobOrigin: string | undefined): Readonly<Record<string, string>> {
  return { ...pageSecurityHeaders, 'content-security-policy': contentSecurityPolicyWith(blobOrigin) };
}

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
