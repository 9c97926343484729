import { describe, expect, it } from 'vitest';
import { eachAtMost } from '../../src/app/each-at-most';

describe('eachAtMost', () => {
  it('runs every item once, at most the limit at a time, started in order and given its index', async () => {
    let running = 0;
    let most = 0;
    const started: string[] = [];
    await eachAtMost(['a', 'b', 'c', 'd', 'e'], 2, async (item, index) => {
      running += 1;
      most = Math.max(most, running);
      started.push(`${index}:${item}`);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
    });
    expect(most).toBe(2);
    expect(started).toEqual(['0:a', '1:b', '2:c', '3:d', '4:e']);
  });

  it('rejects with a failure of work, and does nothing for no items', async () => {
    await expect(
      eachAtMost([1, 2, 3], 4, (n) => (n === 2 ? Promise.reject(new Error('two')) : Promise.resolve())),
    ).rejects.toThrow('two');
    let calls = 0;
    await eachAtMost([], 4, () => Promise.resolve(calls++));
    expect(calls).toBe(0);
  });
});
