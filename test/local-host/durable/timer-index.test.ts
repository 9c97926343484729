import { describe, expect, it } from 'vitest';
import { TimerIndex } from '../../../local-host/durable/timer-index';

const t = (instanceId: string, timerId: number, fireAt: string) => ({ instanceId, executionId: 'e', timerId, fireAt });

describe('timer index', () => {
  it('gives the earliest timer (ties by instance, then timer id), honouring removals and re-adds', () => {
    const index = new TimerIndex();
    index.add(t('b', 1, '2030-01-01T02:00:00Z'));
    index.add(t('a', 2, '2030-01-01T02:00:00Z'));
    index.add(t('a', 1, '2030-01-01T02:00:00Z'));
    index.add(t('c', 0, '2030-01-01T01:00:00Z'));
    expect(index.earliest()).toMatchObject({ instanceId: 'c' });
    index.removeInstance('c');
    expect(index.earliest()).toMatchObject({ instanceId: 'a', timerId: 1 });
    index.remove(t('a', 1, ''));
    expect(index.earliest()).toMatchObject({ instanceId: 'a', timerId: 2 });
    index.add(t('a', 2, '2030-01-01T03:00:00Z'));
    expect(index.earliest()).toMatchObject({ instanceId: 'b', timerId: 1 });
    expect(index.size).toBe(2);
  });

  it('stays ordered through many adds and removals', () => {
    const index = new TimerIndex();
    const at = (i: number): string => new Date(Date.UTC(2030, 0, 1) + ((i * 7919) % 5000) * 1000).toISOString();
    for (let i = 0; i < 5000; i++) index.add(t(`i${i}`, 0, at(i)));
    for (let i = 0; i < 5000; i += 2) index.removeInstance(`i${i}`);
    const seen: number[] = [];
    for (let next = index.earliest(); next; next = index.earliest()) {
      seen.push(Date.parse(next.fireAt));
      index.remove(next);
    }
    expect(seen).toHaveLength(2500);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
