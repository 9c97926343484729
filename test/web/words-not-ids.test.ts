import { describe, expect, it } from 'vitest';
import { followServerClock, now } from '../../web/src/lib/server-clock';
import { eventLabel } from '../../web/src/lib/event-labels';
import { domainEventTypes } from '../../src/domain/events/event-catalogue';

describe('what the pages show people', () => {
  it('names every event of the catalogue in words, never by its type', () => {
    for (const type of domainEventTypes) {
      const label = eventLabel(type);
      expect(label, type).not.toContain('.');
      expect(label, type).toMatch(/^[A-Z][A-Za-z-]*( [a-z-]+)*$/);
    }
    expect(eventLabel('ticket.time-logged')).toBe('Time logged');
  });

  it("counts down from the server's clock, not the reader's", () => {
    followServerClock('2030-01-01T00:00:00.000Z');
    expect(now.value).toBe(Date.parse('2030-01-01T00:00:00.000Z'));
  });
});
