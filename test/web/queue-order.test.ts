import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDuration, formatHours } from '../../web/src/lib/format';
import type { Clock, Ticket } from '../../web/src/api/types';
import { queueOrder, slaState } from '../../web/src/lib/tickets';

const clock = (status: Clock['status'], dueAt: string | null = null): Clock => ({
  target: status === 'not-applicable' ? null : 'PT4H',
  dueAt,
  status,
});
const ticket = (id: string, assess: Clock, resolve: Clock, receivedAt = '2026-06-01T09:00:00Z'): Ticket => ({
  id,
  number: Number(/\d+$/.exec(id)?.[0] ?? 0),
  clientId: 'c',
  title: id,
  description: '',
  severity: 's',
  type: 'defect',
  status: 'new',
  tier: 'L1',
  reporter: 'r@c.example',
  receivedAt,
  updatedAt: receivedAt,
  sla: { assess, resolve },
  hoursBooked: 0,
  followUps: [],
  agreementVersion: 1,
  allowedActions: [],
});

describe('the queue page order', () => {
  it('puts breached first (most overdue first), then soonest due, then tickets without a running clock, oldest first', () => {
    const order = queueOrder([
      ticket('no-clock-new', clock('not-applicable'), clock('not-applicable'), '2026-06-02T09:00:00Z'),
      ticket('due-later', clock('running', '2026-06-01T16:00:00Z'), clock('running', '2026-06-02T10:00:00Z')),
      ticket('breached-recently', clock('breached', '2026-06-01T12:00:00Z'), clock('running', '2026-06-02T09:00:00Z')),
      ticket('due-soon', clock('met'), clock('running', '2026-06-01T13:00:00Z')),
      ticket('breached-long-ago', clock('met'), clock('breached', '2026-05-29T12:00:00Z')),
      ticket('no-clock-old', clock('not-applicable'), clock('not-applicable'), '2026-05-01T09:00:00Z'),
    ]).map((t) => t.id);
    expect(order).toEqual([
      'breached-long-ago',
      'breached-recently',
      'due-soon',
      'due-later',
      'no-clock-old',
      'no-clock-new',
    ]);
  });

  it('agrees with the server: a clock paused before its due instant has no running clock; ties by number, numerically', () => {
    const order = queueOrder([
      ticket('ACME-10', clock('running', '2026-06-01T16:00:00Z'), clock('running', '2026-06-02T10:00:00Z')),
      ticket('ACME-2', clock('running', '2026-06-01T16:00:00Z'), clock('running', '2026-06-02T10:00:00Z')),
      ticket('ACME-3', clock('met'), clock('paused', '2026-06-01T13:00:00Z'), '2026-05-30T09:00:00Z'),
      ticket('ACME-4', clock('not-applicable'), clock('not-applicable'), '2026-05-31T09:00:00Z'),
    ]).map((t) => t.id);
    expect(order).toEqual(['ACME-2', 'ACME-10', 'ACME-3', 'ACME-4']);
  });

  it('shows the worst clock as the row state', () => {
    expect(slaState(ticket('a', clock('met'), clock('breached', '2026-06-01T12:00:00Z')))).toBe('breached');
    expect(slaState(ticket('b', clock('met'), clock('paused', '2026-06-01T12:00:00Z')))).toBe('paused');
    expect(slaState(ticket('c', clock('not-applicable'), clock('not-applicable')))).toBe('not-applicable');
  });
});

describe('what the pages print', () => {
  it('counts down and then up', () => {
    const due = '2026-06-01T12:00:00Z';
    expect(formatCountdown(due, Date.parse('2026-06-01T09:58:30Z'))).toBe('2h 01m 30s left');
    expect(formatCountdown(due, Date.parse('2026-06-01T11:59:55Z'))).toBe('0m 05s left');
    expect(formatCountdown(due, Date.parse('2026-06-03T13:30:00Z'))).toBe('2d 1h 30m overdue');
  });

  it('prints hours and agreement targets in words', () => {
    expect(formatHours(8.5)).toBe('8.5 h');
    expect(formatHours(-1.25)).toBe('-1.25 h');
    expect(formatDuration('PT4H')).toBe('4 h');
    expect(formatDuration('P2DT30M')).toBe('2 d 30 min');
  });
});
