import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Client keys look like `sdk_<id>_<secret>`; only the SHA-256 of the whole key is stored. */
export function generateApiKey(): { id: string; key: string; hash: string } {
  const id = randomBytes(6).toString('hex');
  const key = `sdk_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export const looksLikeApiKey = (token: string): boolean => /^sdk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/.test(token);

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
