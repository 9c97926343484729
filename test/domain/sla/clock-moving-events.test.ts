import { describe, expect, it } from 'vitest';
import { eventCatalogue } from '../../../src/domain/events/event-catalogue';
import { movesSlaClocks } from '../../../src/domain/sla/clock-moving-events';

describe('which events move SLA clocks', () => {
  it('counts ticket.created and every status or severity change, not notes, sla, alert or hour-bank events', () => {
    for (const type of [
      'ticket.created',
      'ticket.assessed',
      'ticket.approved',
      'ticket.declined',
      'ticket.waiting',
      'ticket.resumed',
      'ticket.escalated',
      'ticket.resolved',
      'ticket.closed',
      'ticket.reopened',
    ]) {
      expect(movesSlaClocks(type), type).toBe(true);
    }
    for (const type of [
      'ticket.commented',
      'ticket.follow-up-recorded',
      'ticket.time-logged',
      'ticket.assigned',
      'ticket.diagnosed',
      'sla.warning',
      'sla.breached',
      'sla.met',
      'alert.repeated',
      'alert.resolved',
      'hourbank.exhausted',
    ]) {
      expect(movesSlaClocks(type), type).toBe(false);
    }
  });

  it('wakes the orchestration for a ticket event it does not know yet (a needless re-plan beats a stopped clock)', () => {
    expect(movesSlaClocks('ticket.something-new')).toBe(true);
  });

  it('decides for every type of the catalogue', () => {
    const moving = Object.keys(eventCatalogue).filter(movesSlaClocks);
    expect(moving).toContain('ticket.created');
    expect(moving.every((type) => type.startsWith('ticket.'))).toBe(true);
  });
});
