/**
 * A deterministic generator of numbers in [0, 1) (a 32-bit linear congruential one), so that a bench
 * builds the same data on every run and its figures compare across runs.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
