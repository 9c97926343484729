import { describe, expect, it } from 'vitest';
import { WallClock } from '../../../src/domain/calendar/wall-clock';
import { at } from './calendar-fixtures';

/** Local date-time written as if UTC, as WallClock takes it. */
const local = (text: string): number => Date.parse(`${text}Z`);

describe('WallClock: a wall-clock time is the first instant the local clock reads it or later', () => {
  const london = new WallClock('Europe/London');
  const newYork = new WallClock('America/New_York');

  it('ordinary days use the day offset', () => {
    expect(london.instantOf(local('2026-07-01T09:00:00'))).toBe(at('2026-07-01T08:00:00Z'));
    expect(london.instantOf(local('2026-01-05T09:00:00'))).toBe(at('2026-01-05T09:00:00Z'));
  });

  it('a skipped time maps to the transition instant (London 29 Mar 2026: 01:00 GMT jumps to 02:00 BST)', () => {
    expect(london.instantOf(local('2026-03-29T01:30:00'))).toBe(at('2026-03-29T01:00:00Z'));
    expect(london.instantOf(local('2026-03-29T01:00:00'))).toBe(at('2026-03-29T01:00:00Z'));
    expect(london.instantOf(local('2026-03-29T00:59:00'))).toBe(at('2026-03-29T00:59:00Z'));
    expect(london.instantOf(local('2026-03-29T02:00:00'))).toBe(at('2026-03-29T01:00:00Z'));
    expect(london.instantOf(local('2026-03-29T02:01:00'))).toBe(at('2026-03-29T01:01:00Z'));
  });

  it('a repeated time maps to its first occurrence (London 25 Oct 2026: 02:00 BST falls back to 01:00 GMT)', () => {
    expect(london.instantOf(local('2026-10-25T01:30:00'))).toBe(at('2026-10-25T00:30:00Z'));
    expect(london.instantOf(local('2026-10-25T02:00:00'))).toBe(at('2026-10-25T02:00:00Z'));
  });

  it('New York 8 Mar and 1 Nov 2026', () => {
    expect(newYork.instantOf(local('2026-03-08T02:30:00'))).toBe(at('2026-03-08T07:00:00Z')); // 03:00 EDT
    expect(newYork.instantOf(local('2026-03-08T09:00:00'))).toBe(at('2026-03-08T13:00:00Z'));
    expect(newYork.instantOf(local('2026-11-01T01:30:00'))).toBe(at('2026-11-01T05:30:00Z')); // 01:30 EDT
    expect(newYork.instantOf(local('2026-11-01T09:00:00'))).toBe(at('2026-11-01T14:00:00Z'));
  });

  it('a zone whose clocks skip midnight (Santiago, 6 Sep 2026: 00:00 -04 jumps to 01:00 -03)', () => {
    const santiago = new WallClock('America/Santiago');
    expect(santiago.instantOf(local('2026-09-06T00:00:00'))).toBe(at('2026-09-06T04:00:00Z'));
    expect(santiago.instantOf(local('2026-09-06T01:00:00'))).toBe(at('2026-09-06T04:00:00Z'));
  });

  it('is monotone across a whole DST day, every other minute', () => {
    for (const [clock, day] of [
      [london, '2026-03-29'],
      [london, '2026-10-25'],
      [newYork, '2026-03-08'],
      [newYork, '2026-11-01'],
    ] as const) {
      let previous = -Infinity;
      for (let minute = 0; minute <= 1440; minute += 2) {
        const instant = clock.instantOf(local(`${day}T00:00:00`) + minute * 60_000);
        expect(instant).toBeGreaterThanOrEqual(previous);
        previous = instant;
      }
    }
  });
});
