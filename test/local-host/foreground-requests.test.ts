import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ForegroundRequests } from '../../local-host/foreground-requests';

/** The fake timers move `Date`, so the monotonic clock the class reads follows them. */
const foregroundRequests = (maxDeferMs: number) => new ForegroundRequests(maxDeferMs, 100, () => Date.now());

describe('ForegroundRequests', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives background work its turn at once when no request has been under way', async () => {
    await expect(foregroundRequests(2000).turn()).resolves.toEqual({ forced: false });
  });

  it('makes background work wait until the requests under way have ended and it has been quiet for a while', async () => {
    const foreground = foregroundRequests(2000);
    const endA = foreground.begin();
    const endB = foreground.begin();
    let turn: { forced: boolean } | undefined;
    void foreground.turn().then((t) => (turn = t));
    endA();
    endA(); // ending twice counts once
    await vi.advanceTimersByTimeAsync(1000);
    expect(turn).toBeUndefined();
    expect(foreground.inFlight).toBe(1);
    endB();
    await vi.advanceTimersByTimeAsync(99);
    expect(turn).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(turn).toEqual({ forced: false });
  });

  it('does not take a moment without requests for quiet: the next request restarts the wait', async () => {
    const foreground = foregroundRequests(2000);
    foreground.begin()();
    let turn: { forced: boolean } | undefined;
    void foreground.turn().then((t) => (turn = t));
    await vi.advanceTimersByTimeAsync(50);
    const end = foreground.begin();
    await vi.advanceTimersByTimeAsync(100);
    expect(turn).toBeUndefined();
    end();
    await vi.advanceTimersByTimeAsync(100);
    expect(turn).toEqual({ forced: false });
    // Quiet since: the next turn is at once.
    await expect(foreground.turn()).resolves.toEqual({ forced: false });
  });

  it('forces the turn after the longest deferral when requests never stop', async () => {
    const foreground = foregroundRequests(2000);
    foreground.begin();
    let turn: { forced: boolean } | undefined;
    void foreground.turn().then((t) => (turn = t));
    await vi.advanceTimersByTimeAsync(1999);
    expect(turn).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(turn).toEqual({ forced: true });
  });

  it('never defers with a longest deferral of 0', async () => {
    const foreground = foregroundRequests(0);
    foreground.begin();
    await expect(foreground.turn()).resolves.toEqual({ forced: false });
  });
});
