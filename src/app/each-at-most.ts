/**
 * Runs `work` on every item, at most `limit` at a time, starting them in the order given; resolves once
 * all have finished. A `work` that throws rejects the whole as soon as it does (the others still run
 * to the end): callers that must go on past a failure catch inside `work`.
 */
export async function eachAtMost<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
