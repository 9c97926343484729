import { describe, expect, it } from 'vitest';
import { retryOnConflict } from '../../src/app/retry-on-conflict';
import { ClaimTakenError, VersionConflictError } from '../../src/ports/ticket-store';

describe('retryOnConflict', () => {
  it('runs the attempt again after a version conflict, and returns its result', async () => {
    const seen: number[] = [];
    const result = await retryOnConflict(
      (n) => {
        seen.push(n);
        return n < 2 ? Promise.reject(new VersionConflictError('ACME-1')) : Promise.resolve('written');
      },
      { attempts: 5, exhausted: () => new Error('gave up') },
    );
    expect(result).toBe('written');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('throws what `exhausted` makes once every attempt met a conflict', async () => {
    let calls = 0;
    const run = retryOnConflict(
      () => {
        calls += 1;
        return Promise.reject(new VersionConflictError('ACME-1'));
      },
      { attempts: 3, backoff: true, exhausted: () => new Error('too much contention') },
    );
    await expect(run).rejects.toThrow('too much contention');
    expect(calls).toBe(3);
  });

  it('does not retry any other error', async () => {
    let calls = 0;
    const run = retryOnConflict(
      () => {
        calls += 1;
        return Promise.reject(new RangeError('bad'));
      },
      { attempts: 3, exhausted: () => new Error('unexpected') },
    );
    await expect(run).rejects.toBeInstanceOf(RangeError);
    expect(calls).toBe(1);
  });

  it('also retries the errors given as conflicts (a claim taken first), and only those', async () => {
    const seen: string[] = [];
    const result = await retryOnConflict(
      (n) => {
        seen.push(n === 0 ? 'claim taken' : n === 1 ? 'version moved' : 'written');
        if (n === 0) return Promise.reject(new ClaimTakenError('disk-full'));
        if (n === 1) return Promise.reject(new VersionConflictError('ACME-1'));
        return Promise.resolve('written');
      },
      { attempts: 5, conflicts: [VersionConflictError, ClaimTakenError], exhausted: () => new Error('gave up') },
    );
    expect(result).toBe('written');
    expect(seen).toEqual(['claim taken', 'version moved', 'written']);
    await expect(
      retryOnConflict(() => Promise.reject(new ClaimTakenError('disk-full')), {
        attempts: 5,
        exhausted: () => new Error('gave up'),
      }),
    ).rejects.toBeInstanceOf(ClaimTakenError);
  });
});
