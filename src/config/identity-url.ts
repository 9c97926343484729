/**
 * An `http:` URL is accepted only on loopback (a test's own issuer); everything else must be `https:`,
 * so keys and tokens are never fetched in the clear.
 */
export function isAcceptableIdentityUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
