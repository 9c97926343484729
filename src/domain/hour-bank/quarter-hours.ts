/**
 * Hours are booked in quarter-hour steps (docs/product-spec.md §5). Every amount is checked to be a whole number of
 * quarters and the arithmetic is done on those whole numbers, so a balance built from thousands of
 * 0.25 h entries is exact (a quarter is a power of two, and whole quarters are integers).
 * An amount that is not a whole number of quarters is refused, never rounded: the engineer says what
 * was worked, the desk does not guess.
 */
export const quarterHour = 0.25;

export function isWholeQuarters(hours: number): boolean {
  return Number.isFinite(hours) && Number.isInteger(hours * 4);
}

export function toQuarters(hours: number): number {
  if (!isWholeQuarters(hours)) throw new RangeError(`${hours} h is not a whole number of quarter hours.`);
  return hours * 4;
}

export const fromQuarters = (quarters: number): number => quarters / 4;

/** `a + b` in hours, computed on quarters. */
export const addHours = (a: number, b: number): number => fromQuarters(toQuarters(a) + toQuarters(b));
