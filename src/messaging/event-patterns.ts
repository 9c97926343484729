/**
 * Which events a webhook wants, as the client configured it (`eventPatternSchema` in the client
 * domain): `*` for everything, `sla.*` for a family, or one exact type such as `ticket.created`.
 */
export function matchesEventPattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function matchesAnyEventPattern(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => matchesEventPattern(pattern, type));
}
