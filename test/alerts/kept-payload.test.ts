import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptPayload, maxKeptChars } from '../../src/alerts/kept-payload';

describe('what is kept of a payload', () => {
  it('keeps a small payload as it is', () => {
    const payload = { a: 1, b: ['x', { c: null, d: true }], e: { f: 'g' } };
    expect(keptPayload(payload)).toEqual(payload);
  });

  it('cuts nesting deeper than JSON.stringify could serialise', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const kept = keptPayload({ deep });
    expect(JSON.stringify(kept)).toContain('[nested too deep]');
  });

  it('replaces a payload too large for a table row by a bounded preview', () => {
    const kept = keptPayload({ blob: Array.from({ length: 200 }, (_, i) => `${i}`.repeat(3000)) });
    expect(kept).toMatchObject({ truncated: true });
    expect(JSON.stringify(kept).length).toBeLessThan(maxKeptChars + 200);
  });

  it('never throws and always stays within the bound, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 8 })), (value) => {
        const kept = keptPayload(value);
        expect(JSON.stringify(kept).length).toBeLessThan(maxKeptChars + 200);
      }),
      { numRuns: 300 },
    );
  });
});
