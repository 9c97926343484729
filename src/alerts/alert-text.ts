/** Ticket titles and descriptions made from alert text, within the limits tickets are created with. */
export const maxTitle = 200;
export const maxDescription = 8000;

export function clip(text: string, max: number): string {
  const flat = text.trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The first of `candidates` that says something. */
export function firstText(...candidates: (string | null | undefined)[]): string | undefined {
  return candidates.find((c): c is string => typeof c === 'string' && c.trim().length > 0)?.trim();
}

/** `Heading: value` lines for the values that are present, for the end of a description. */
export function detailLines(details: readonly [string, string | undefined][]): string {
  return details
    .filter((d): d is [string, string] => d[1] !== undefined && d[1].trim().length > 0)
    .map(([heading, value]) => `${heading}: ${value}`)
    .join('\n');
}

export function composeDescription(...parts: (string | undefined)[]): string {
  const text = parts.filter((p) => p !== undefined && p.trim().length > 0).join('\n\n');
  return clip(text || 'Raised by a monitoring alert.', maxDescription);
}
