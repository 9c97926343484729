/**
 * What is kept of a payload on the timeline: a plain JSON copy, bounded so that a hostile or huge
 * payload can neither overflow the stack when it is serialised (JSON.stringify recurses) nor outgrow
 * a table entity or the transaction that writes it.
 */
const maxDepth = 12;
const maxEntries = 200;
const maxString = 4000;
export const maxKeptChars = 16_000;

export function keptPayload(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy = copyBounded(value, 0) as Record<string, unknown>;
  const json = JSON.stringify(copy);
  if (json.length <= maxKeptChars) return copy;
  return { truncated: true, size: json.length, preview: json.slice(0, maxKeptChars) };
}

function copyBounded(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value.length > maxString ? `${value.slice(0, maxString)}…` : value;
  if (typeof value !== 'object') return null;
  if (depth >= maxDepth) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, maxEntries).map((item: unknown) => copyBounded(item, depth + 1));
    return value.length > maxEntries ? [...items, `[${value.length - maxEntries} more]`] : items;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const kept = entries
    .slice(0, maxEntries)
    .map(([key, item]): [string, unknown] => [key, copyBounded(item, depth + 1)]);
  if (entries.length > maxEntries) kept.push(['…', `${entries.length - maxEntries} more fields`]);
  return Object.fromEntries(kept);
}
