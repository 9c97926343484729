import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementSchema } from '../../../src/domain/agreement/agreement';
import type { SlaTerms } from '../../../src/domain/sla/sla-schedule';
import { newTicket, type Ticket } from '../../../src/domain/tickets/ticket';
import {
  compareQueueEntries,
  queuePosition,
  queueRanges,
  type QueueEntry,
} from '../../../src/domain/tickets/ticket-queue';
import { contractClient } from '../../support/contract';

// cat1 runs on the "always" calendar (assess 1 h, resolve 4 h); cat3 and cat4 are not covered.
const terms: SlaTerms = { agreement: agreementSchema.parse(contractClient().agreement), timezone: 'Europe/London' };
const hour = 3_600_000;
const base = Date.parse('2026-11-23T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function ticket(number: number, receivedAt: number, severity = 'cat1', patch: Partial<Ticket> = {}): Ticket {
  return {
    ...newTicket({
      clientId: 'acme',
      ticketPrefix: 'ACME',
      number,
      title: 't',
      description: 'd',
      severity,
      type: 'defect',
      reporter: 'r@acme.test',
      receivedAt: iso(receivedAt),
    }),
    ...patch,
  };
}

const inQueue = (tickets: Ticket[]) =>
  tickets
    .map((t) => ({ id: t.id, position: queuePosition(t, terms) }))
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
    .map((t) => t.id);

describe('the queue position of a ticket', () => {
  it('orders breached first (most overdue first), then soonest due, then no running clock oldest first', () => {
    const order = inQueue([
      ticket(1, base - 48 * hour, 'cat3'), // no clock, oldest
      ticket(2, base), // due at base + 1 h
      ticket(3, base - 10 * hour), // breached 9 h "ago" (relative to base)
      ticket(4, base - 2 * hour), // breached 1 h "ago"
      ticket(5, base - 1 * hour, 'cat4'), // no clock, newer
      ticket(6, base + 1 * hour), // due at base + 2 h
    ]);
    expect(order).toEqual(['ACME-3', 'ACME-4', 'ACME-2', 'ACME-6', 'ACME-1', 'ACME-5']);
  });

  it('breaks ties by ticket number numerically: ACME-2 before ACME-10', () => {
    const order = inQueue([
      ticket(10, base),
      ticket(11, base),
      ticket(2, base),
      ticket(1, base, 'cat3'),
      ticket(20, base, 'cat3'),
    ]);
    expect(order).toEqual(['ACME-2', 'ACME-10', 'ACME-11', 'ACME-1', 'ACME-20']);
  });

  it('uses the earliest due instant of a clock still running: a stopped assess leaves the resolve clock', () => {
    const assessed = ticket(1, base, 'cat1', {
      status: 'in-progress',
      clocks: {
        assess: { startedAt: iso(base), pauses: [], stoppedAt: iso(base + hour / 2) },
        resolve: { startedAt: iso(base), pauses: [] },
      },
    });
    expect(queuePosition(assessed, terms)).toBe(`o|0|${iso(base + 4 * hour)}|0000000001`);
    expect(queuePosition(ticket(1, base), terms)).toBe(`o|0|${iso(base + hour)}|0000000001`);
  });

  it('puts a clock paused before its due instant with the tickets that have no running clock; one paused after breaching keeps its due instant', () => {
    const pausedEarly = { from: iso(base + hour / 2) };
    const waitingEarly = ticket(1, base, 'cat1', {
      status: 'waiting-on-client',
      clocks: {
        assess: { startedAt: iso(base), pauses: [], stoppedAt: iso(base + hour / 4) },
        resolve: { startedAt: iso(base), pauses: [pausedEarly] },
      },
    });
    expect(queuePosition(waitingEarly, terms)).toBe(`o|1|${iso(base)}|0000000001`);
    const pausedLate = { from: iso(base + 5 * hour) };
    const waitingLate = ticket(2, base, 'cat1', {
      status: 'waiting-on-client',
      clocks: {
        assess: { startedAt: iso(base), pauses: [], stoppedAt: iso(base + hour / 4) },
        resolve: { startedAt: iso(base), pauses: [pausedLate] },
      },
    });
    expect(queuePosition(waitingLate, terms)).toBe(`o|0|${iso(base + 4 * hour)}|0000000002`);
    // A closed pause moved the due instant by its length.
    const resumed = ticket(3, base, 'cat1', {
      status: 'in-progress',
      clocks: {
        assess: { startedAt: iso(base), pauses: [], stoppedAt: iso(base + hour / 4) },
        resolve: { startedAt: iso(base), pauses: [{ from: iso(base + hour), to: iso(base + 3 * hour) }] },
      },
    });
    expect(queuePosition(resumed, terms)).toBe(`o|0|${iso(base + 6 * hour)}|0000000003`);
  });

  it('keeps closed tickets in a range of their own that the default ranges never read, newest first', () => {
    const closed = (n: number) => queuePosition(ticket(n, base, 'cat1', { status: 'closed' }), terms);
    expect(closed(7) < closed(3)).toBe(true);
    const [open, ...others] = queueRanges();
    expect(others).toEqual([]);
    expect(open).toEqual({ from: 'o|', to: 'o}' });
    expect(closed(7) >= open!.from && closed(7) < open!.to).toBe(false);
    // Resolved is still open (the client may reopen it): it stays in the open range.
    const resolved = queuePosition(ticket(4, base, 'cat1', { status: 'resolved' }), terms);
    expect(resolved >= open!.from && resolved < open!.to).toBe(true);
  });

  it('reads the open range filtered by status, and each closed status as its own range', () => {
    expect(queueRanges(['new', 'in-progress', 'new'])).toEqual([
      { from: 'o|', to: 'o}', statuses: ['new', 'in-progress'] },
    ]);
    expect(queueRanges(['closed', 'new'])).toEqual([
      { from: 'o|', to: 'o}', statuses: ['new'] },
      { from: 'x|closed|', to: 'x|closed}' },
    ]);
    expect(queueRanges(['closed'])).toEqual([{ from: 'x|closed|', to: 'x|closed}' }]);
  });
});

describe('the queue order (property)', () => {
  const severity = fc.constantFrom('cat1', 'cat3');
  const status = fc.constantFrom<Ticket['status']>('new', 'in-progress', 'waiting-on-client', 'resolved', 'closed');
  const arbitraryTicket = fc
    .record({
      number: fc.integer({ min: 1, max: 1_000_000 }),
      received: fc.integer({ min: -30 * 24, max: 30 * 24 }),
      severity,
      status,
      stopAssess: fc.boolean(),
      client: fc.constantFrom('acme', 'beta', 'gamma'),
    })
    .map(({ number, received, severity: s, status: st, stopAssess, client }) => {
      const t = ticket(number, base + received * hour, s, { status: st, clientId: client });
      const clocks = stopAssess
        ? { ...t.clocks, assess: { ...t.clocks.assess, stoppedAt: iso(base + received * hour + 60_000) } }
        : t.clocks;
      return { ...t, clocks };
    });

  /** The rule as written: breached/due tickets by due instant, then no-clock by receipt, then number; closed last. */
  function reference(a: Ticket, b: Ticket): number {
    const rank = (t: Ticket): [number, number, number] => {
      if (t.status === 'closed') return [2, -t.number, 0];
      if (t.severity !== 'cat1') return [1, Date.parse(t.receivedAt), t.number];
      const start = Date.parse(t.receivedAt);
      const due = t.clocks.assess.stoppedAt ? start + 4 * hour : start + hour;
      return [0, due, t.number];
    };
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  }

  it('is a total order consistent with the rule, and ties only for the same ticket', () => {
    fc.assert(
      fc.property(fc.array(arbitraryTicket, { minLength: 2, maxLength: 30 }), (tickets) => {
        const entries = tickets.map((t) => ({
          t,
          e: { position: queuePosition(t, terms), clientId: t.clientId } satisfies QueueEntry,
        }));
        for (const a of entries) {
          for (const b of entries) {
            const ab = compareQueueEntries(a.e, b.e);
            expect(Math.sign(ab) + Math.sign(compareQueueEntries(b.e, a.e))).toBe(0);
            if (ab === 0) expect([a.t.clientId, a.t.number]).toEqual([b.t.clientId, b.t.number]);
            if (a.t.clientId === b.t.clientId && a.t.number !== b.t.number)
              expect(Math.sign(ab)).toBe(Math.sign(reference(a.t, b.t)));
          }
        }
        const sorted = [...entries].sort((a, b) => compareQueueEntries(a.e, b.e));
        for (let i = 2; i < sorted.length; i++)
          expect(compareQueueEntries(sorted[i - 2]!.e, sorted[i]!.e)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});
