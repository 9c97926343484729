import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentionBudgetMs, retryOnConflict, stillContended } from '../../src/app/retry-on-conflict';
import { DomainError } from '../../src/domain/domain-error';
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

  describe('while contended: writers of a hot row in other instances', () => {
    afterEach(() => vi.restoreAllMocks());

    it('keeps trying past any count while others keep winning, and then writes', async () => {
      let calls = 0;
      const result = await retryOnConflict(
        () => (++calls <= 500 ? Promise.reject(new VersionConflictError('ACME-1')) : Promise.resolve('written')),
        { attempts: 'while-contended', exhausted: () => stillContended('The ticket') },
      );
      expect([result, calls]).toEqual(['written', 501]);
    });

    it('answers busy (send again), not a refusal, only once the time for contention has run out', async () => {
      let now = 0;
      vi.spyOn(performance, 'now').mockImplementation(() => now);
      let calls = 0;
      const run = retryOnConflict(
        () => {
          calls += 1;
          // Each try takes a tenth of the budget.
          now += contentionBudgetMs / 10;
          return Promise.reject(new VersionConflictError('ACME-1'));
        },
        { attempts: 'while-contended', exhausted: () => stillContended('The ticket') },
      );
      const error = await run.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('busy');
      expect(calls).toBe(10);
    });
  });
});
