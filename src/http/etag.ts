import { createHash } from 'node:crypto';
import type { VersionCondition, Versioned } from '../app/version-condition';
import { DomainError } from '../domain/domain-error';
import { HttpProblem } from './problem';

/** ETags are derived from the storage version, so any change (an SLA event included) invalidates them. */
export function etagOf(version: string): string {
  return `"${createHash('sha256').update(version).digest('base64url').slice(0, 16)}"`;
}

/**
 * A view with its ETag in the body as well (`etag`, the same value as the `ETag` header of a read of
 * it), so a page showing a list can send `If-Match` for the one item it edits without reading each.
 */
export function withEtag<T extends object>({ view, version }: Versioned<T>): T & { readonly etag: string } {
  return { ...view, etag: etagOf(version) };
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

/**
 * Runs a conditional change: a `stale` refusal (the thing changed since the caller's `If-Match`) becomes
 * the 412 problem naming the `If-Match` header. A header, not a body field, so it has no JSON pointer.
 */
export async function whenIfMatches<T>(what: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'stale') {
      throw new HttpProblem(412, 'Precondition failed', error.message, [
        { field: 'If-Match', pointer: '', message: `the ${what} has changed since this ETag` },
      ]);
    }
    throw error;
  }
}

/** The `If-Match` request header as the OpenAPI document describes it, for a change of `what`. */
export function ifMatchHeader(what: string) {
  return {
    name: 'If-Match',
    description: `ETag from the last read; the change is refused with 412 (nothing applied) if the ${what} changed since.`,
  } as const;
}
