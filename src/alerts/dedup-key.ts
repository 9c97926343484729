import { createHash } from 'node:crypto';
import type { AlertSourceName } from './alert-signal';

/**
 * A dedup key for an alert that arrived without one, from the parts that identify the problem (rule
 * name, labels, source…) and never from what changes between repeats (values, timestamps). The
 * same parts always give the same key, so repeats still find their ticket.
 */
export function derivedDedupKey(parts: readonly unknown[]): string {
  return `derived:${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
}

/** Labels in a stable order, so that `{a, b}` and `{b, a}` derive the same key. */
export function sortedEntries(record: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The claim an open alert ticket holds in the ticket store: one per client, source and dedup key. */
export const alertClaimKey = (source: AlertSourceName, dedupKey: string): string => `alert|${source}|${dedupKey}`;
