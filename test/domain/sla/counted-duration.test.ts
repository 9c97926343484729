import { describe, expect, it } from 'vitest';
import { formatCountedDuration } from '../../../src/domain/sla/counted-duration';

describe('counted time as an ISO duration', () => {
  // Hours, never days: 27.5 counted office hours are not "1 day 3.5 hours".
  it.each([
    [0, 'PT0S'],
    [-5, 'PT0S'],
    [1500, 'PT1.5S'],
    [90 * 60_000, 'PT1H30M'],
    [27.5 * 3_600_000, 'PT27H30M'],
    [400 * 3_600_000 + 61_000, 'PT400H1M1S'],
  ])('%d ms is %s', (millis, iso) => {
    expect(formatCountedDuration(millis)).toBe(iso);
  });
});
