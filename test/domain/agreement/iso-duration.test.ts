import { describe, expect, it } from 'vitest';
import { parseTargetDuration, targetDurationMillis } from '../../../src/domain/agreement/iso-duration';

const HOUR = 3_600_000;

describe('SLA targets as ISO-8601 durations', () => {
  // A day is 24 counted hours and a week 168, whatever the calendar (documented in docs/sla-engine.md).
  it.each([
    ['PT4H', 4 * HOUR],
    ['PT30M', HOUR / 2],
    ['PT1H30M', 1.5 * HOUR],
    ['PT1.5H', 1.5 * HOUR],
    ['P2D', 48 * HOUR],
    ['P1W', 168 * HOUR],
    ['P1DT4H', 28 * HOUR],
  ])('%s is %d counted ms', (iso, millis) => {
    expect(parseTargetDuration(iso)).toEqual({ ok: true, millis });
    expect(targetDurationMillis(iso)).toBe(millis);
  });

  it.each(['P1M', 'P1Y', 'PT0S', '-PT1H', 'PT-1H', '4h', ''])('refuses %j', (iso) => {
    expect(parseTargetDuration(iso).ok).toBe(false);
    expect(() => targetDurationMillis(iso)).toThrow(RangeError);
  });
});
