import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ForegroundRequests } from '../../src/local-host/foreground-requests';

describe('ForegroundRequests', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives background work its turn at once when no request is under way', async () => {
    await expect(new ForegroundRequests(2000).turn()).resolves.toEqual({ forced: false });
  });

  it('makes background work wait until the last request under way has ended', async () => {
    const foreground = new ForegroundRequests(2000);
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
    await vi.advanceTimersByTimeAsync(0);
    expect(turn).toEqual({ forced: false });
  });

  it('forces the turn after the longest deferral when requests never stop', async () => {
    const foreground = new ForegroundRequests(2000);
    foreground.begin();
    let turn: { forced: boolean } | undefined;
    void foreground.turn().then((t) => (turn = t));
    await vi.advanceTimersByTimeAsync(1999);
    expect(turn).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(turn).toEqual({ forced: true });
  });

  it('never defers with a longest deferral of 0', async () => {
    const foreground = new ForegroundRequests(0);
    foreground.begin();
    await expect(foreground.turn()).resolves.toEqual({ forced: false });
  });
});
