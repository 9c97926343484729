import { createHash } from 'node:crypto';
import type { VersionCondition } from '../app/ticket-service';

/** ETags are derived from the storage version, so any change (an SLA event included) invalidates them. */
export function etagOf(version: string): string {
  return `"${createHash('sha256').update(version).digest('base64url').slice(0, 16)}"`;
}

/** `If-Match` (RFC 9110 §13.1.1): a list of ETags, weak ones compared by their opaque part, or `*`. */
export function ifMatchCondition(ifMatch: string | undefined): VersionCondition | undefined {
  if (ifMatch === undefined) return undefined;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return (version) => {
    const current = etagOf(version);
    return tags.some((t) => t === '*' || t === current);
  };
}
