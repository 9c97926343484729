import { describe, expect, it } from 'vitest';
import { KeyedBatcher } from '../../src/alerts/keyed-batcher';

describe('KeyedBatcher', () => {
  it('runs one batch per key at a time, joining what waits, in arrival order', async () => {
    const batches: string[][] = [];
    const batcher = new KeyedBatcher<string, string>({
      maxBatch: 3,
      joins: (first, next) => first.startsWith('t') && next.startsWith('t'),
      run: async (key, batch) => {
        batches.push([key, ...batch]);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return batch.map((item) => `${key}:${item}`);
      },
    });
    const items = ['t1', 't2', 't3', 't4', 't5', 'r6', 't7'];
    const results = await Promise.all([...items.map((item) => batcher.submit('a', item)), batcher.submit('b', 't1')]);
    expect(results).toEqual([...items.map((item) => `a:${item}`), 'b:t1']);
    expect(batches).toEqual([
      ['a', 't1'],
      ['b', 't1'],
      ['a', 't2', 't3', 't4'],
      ['a', 't5'],
      ['a', 'r6'],
      ['a', 't7'],
    ]);
  });

  it('fails only the batch whose run failed', async () => {
    const batcher = new KeyedBatcher<number, number>({
      maxBatch: 10,
      joins: () => false,
      run: (_key, [n]) => (n === 2 ? Promise.reject(new Error('boom')) : Promise.resolve([n as number])),
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit('k', n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
