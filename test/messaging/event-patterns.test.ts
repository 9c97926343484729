import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventPatternSchema } from '../../src/domain/clients/client';
import { matchesAnyEventPattern, matchesEventPattern } from '../../src/messaging/event-patterns';

describe('webhook event patterns', () => {
  it.each([
    ['*', 'ticket.created', true],
    ['*', 'sla.breached', true],
    ['ticket.*', 'ticket.created', true],
    ['ticket.*', 'ticket.follow-up-recorded', true],
    ['ticket.*', 'sla.breached', false],
    ['sla.*', 'sla.breached', true],
    ['sla.*', 'slack.breached', false],
    ['ticket.created', 'ticket.created', true],
    ['ticket.created', 'ticket.created-again', false],
    ['ticket.created', 'ticket.resolved', false],
  ])('%s matches %s: %s', (pattern, type, expected) => {
    expect(eventPatternSchema.safeParse(pattern).success).toBe(true);
    expect(matchesEventPattern(pattern, type)).toBe(expected);
  });

  it('match any of a webhook’s patterns, and nothing for none', () => {
    expect(matchesAnyEventPattern(['ticket.created', 'sla.*'], 'sla.warning')).toBe(true);
    expect(matchesAnyEventPattern(['ticket.created', 'sla.*'], 'ticket.resolved')).toBe(false);
    expect(matchesAnyEventPattern([], 'ticket.created')).toBe(false);
  });

  it('a family pattern matches exactly the types of that family', () => {
    const segment = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(segment, segment, segment, (family, other, action) => {
        expect(matchesEventPattern(`${family}.*`, `${family}.${action}`)).toBe(true);
        expect(matchesEventPattern(`${family}.*`, `${other}.${action}`)).toBe(family === other);
        expect(matchesEventPattern(`${family}.${action}`, `${other}.${action}`)).toBe(family === other);
      }),
    );
  });
});
