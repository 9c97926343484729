import { describe, expect, it } from 'vitest';
import { agreementSchema, type TicketStatus } from '../../../src/domain/agreement/agreement';
import { DomainError } from '../../../src/domain/domain-error';
import { applyTicketAction, type ActingParty } from '../../../src/domain/tickets/state-machine';
import { newTicket, type Ticket } from '../../../src/domain/tickets/ticket';
import type { TicketAction, TicketActionName } from '../../../src/domain/tickets/ticket-action';
import { contractClient } from '../../support/contract';

const agreement = agreementSchema.parse(contractClient().agreement);
const timezone = 'Europe/London';
const staff: ActingParty = { actor: { kind: 'staff', id: 'admin' }, roles: new Set() };
const requester: ActingParty = { actor: { kind: 'contact', id: 'req@acme.test' }, roles: new Set(['requester']) };
const approver: ActingParty = { actor: { kind: 'contact', id: 'boss@acme.test' }, roles: new Set(['approver']) };
const integration: ActingParty = { actor: { kind: 'integration', id: 'monitoring' }, roles: new Set() };

/** A minimal valid body for every action. */
const bodies: Record<TicketActionName, TicketAction> = {
  assess: { action: 'assess', tier: 'L2', estimateHours: 2, quote: { hours: 3 } },
  approve: { action: 'approve', mode: 'on-account' },
  decline: { action: 'decline' },
  'wait-client': { action: 'wait-client', note: 'Which browser?' },
  'wait-vendor': { action: 'wait-vendor', vendorReference: 'MS-123' },
  resume: { action: 'resume' },
  escalate: { action: 'escalate', tier: 'vendor', handoverNote: 'Logs attached' },
  resolve: { action: 'resolve', cause: 'Null pointer', fix: 'Patched' },
  confirm: { action: 'confirm' },
  reject: { action: 'reject', reason: 'Still broken' },
  close: { action: 'close', reason: 'Duplicate' },
  comment: { action: 'comment', text: 'Any news?' },
  'follow-up': { action: 'follow-up', task: 'Upgrade library' },
};

/**
 * The lifecycle of SPEC §1 written out independently of the implementation's rule table:
 * for each state, the actions that are legal and the state each leads to.
 */
const expected: Record<TicketStatus, Partial<Record<TicketActionName, TicketStatus>>> = {
  new: { assess: 'in-progress', escalate: 'new', close: 'closed', comment: 'new' },
  'awaiting-approval': { approve: 'in-progress', decline: 'closed', close: 'closed', comment: 'awaiting-approval' },
  'in-progress': {
    'wait-client': 'waiting-on-client', 'wait-vendor': 'waiting-on-vendor', escalate: 'in-progress',
    resolve: 'resolved', close: 'closed', comment: 'in-progress',
  },
  'waiting-on-client': { resume: 'in-progress', escalate: 'waiting-on-client', resolve: 'resolved', close: 'closed', comment: 'waiting-on-client' },
  'waiting-on-vendor': { resume: 'in-progress', escalate: 'waiting-on-vendor', resolve: 'resolved', close: 'closed', comment: 'waiting-on-vendor' },
  resolved: { confirm: 'closed', reject: 'in-progress', close: 'closed', comment: 'resolved' },
  closed: { comment: 'closed', 'follow-up': 'closed' },
};

const received = '2026-11-23T10:00:00.000Z';
const later = '2026-11-23T11:00:00.000Z';

function ticketIn(status: TicketStatus, severity = 'cat2'): Ticket {
  const base = newTicket({
    clientId: 'acme', ticketPrefix: 'ACME', number: 7, title: 't', description: 'd', severity, type: 'defect', reporter: 'req@acme.test', receivedAt: received,
  });
  const stopped = { ...base.clocks.resolve, stoppedAt: received };
  const paused = { ...base.clocks.resolve, pauses: [{ from: received }] };
  return {
    ...base,
    status,
    tier: 'L1',
    clocks: {
      assess: status === 'new' ? base.clocks.assess : { ...base.clocks.assess, stoppedAt: received },
      resolve: status === 'resolved' || status === 'closed' ? stopped : status.startsWith('waiting') ? paused : base.clocks.resolve,
    },
  };
}

const act = (ticket: Ticket, action: TicketAction, party: ActingParty = staff, now = later) =>
  applyTicketAction({ ticket, action, party, now, agreement, timezone });

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('ticket lifecycle: every state × every action', () => {
  const statuses = Object.keys(expected) as TicketStatus[];
  const actions = Object.keys(bodies) as TicketActionName[];
  for (const status of statuses) {
    for (const action of actions) {
      const target = expected[status][action];
      if (target) {
        it(`${status} --${action}--> ${target}`, () => {
          const result = act(ticketIn(status, status === 'awaiting-approval' ? 'cat3' : 'cat2'), bodies[action]);
          expect(result.ticket.status).toBe(target);
          expect(result.events[0]?.actor).toBe('admin');
        });
      } else {
        it(`${status} refuses ${action} with a conflict`, () => {
          const error = refusal(() => act(ticketIn(status), bodies[action]));
          expect(error.kind).toBe('conflict');
        });
      }
    }
  }
});

describe('assess', () => {
  it('stops the assess clock and reports sla.met once when in time', () => {
    const { ticket, events } = act(ticketIn('new'), { action: 'assess', tier: 'L2' });
    expect(ticket.clocks.assess.stoppedAt).toBe(later);
    expect(events.map((e) => e.type)).toEqual(['ticket.assessed', 'sla.met']);
    expect(events[1]?.data).toEqual({ clock: 'assess' });
    expect(ticket.slaRecorded).toContain('assess:met');
  });

  it('does not report sla.met when the clock stops after its due instant', () => {
    // cat1 runs 24x7 with a 1 h assess target: two hours after receipt it has breached.
    const { events } = act(ticketIn('new', 'cat1'), { action: 'assess', tier: 'L2' }, staff, '2026-11-23T12:00:00.000Z');
    expect(events.map((e) => e.type)).toEqual(['ticket.assessed']);
  });

  it('sends uncovered work to awaiting-approval with its quote, and requires one', () => {
    const { ticket } = act(ticketIn('new'), { action: 'assess', tier: 'L2', severity: 'cat3', quote: { hours: 5 } });
    expect(ticket.status).toBe('awaiting-approval');
    expect(ticket.quote).toEqual({ hours: 5 });
    expect(ticket.severity).toBe('cat3');
    const error = refusal(() => act(ticketIn('new'), { action: 'assess', tier: 'L2', severity: 'cat3' }));
    expect(error).toMatchObject({ kind: 'unprocessable', field: 'quote' });
  });

  it('refuses a severity the agreement does not have', () => {
    expect(refusal(() => act(ticketIn('new'), { action: 'assess', tier: 'L2', severity: 'sev9' }))).toMatchObject({ kind: 'invalid', field: 'severity' });
  });
});

describe('resolve clock', () => {
  it('pauses while waiting on the client and resumes after', () => {
    const waiting = act(ticketIn('in-progress'), { action: 'wait-client', note: 'logs?' }).ticket;
    expect(waiting.clocks.resolve.pauses).toEqual([{ from: later }]);
    const resumed = act(waiting, { action: 'resume' }, staff, '2026-11-23T12:00:00.000Z').ticket;
    expect(resumed.clocks.resolve.pauses).toEqual([{ from: later, to: '2026-11-23T12:00:00.000Z' }]);
  });

  it('counts the time spent resolved as a pause when the resolution is rejected', () => {
    const resolved = act(ticketIn('in-progress'), bodies.resolve).ticket;
    expect(resolved.clocks.resolve.stoppedAt).toBe(later);
    const reopened = act(resolved, { action: 'reject', reason: 'no' }, requester, '2026-11-24T09:00:00.000Z').ticket;
    expect(reopened.clocks.resolve.stoppedAt).toBeUndefined();
    expect(reopened.clocks.resolve.pauses).toEqual([{ from: later, to: '2026-11-24T09:00:00.000Z' }]);
  });

  it('reports resolve sla.met only once across reject and re-resolve', () => {
    const first = act(ticketIn('in-progress'), bodies.resolve);
    expect(first.events.map((e) => e.type)).toEqual(['ticket.resolved', 'sla.met']);
    const reopened = act(first.ticket, { action: 'reject', reason: 'no' }, requester).ticket;
    const second = act(reopened, bodies.resolve);
    expect(second.events.map((e) => e.type)).toEqual(['ticket.resolved']);
  });
});

describe('permissions', () => {
  it('lets only staff do engineering actions', () => {
    for (const party of [requester, approver, integration]) {
      expect(refusal(() => act(ticketIn('new'), bodies.assess, party)).kind).toBe('forbidden');
      expect(refusal(() => act(ticketIn('in-progress'), bodies.resolve, party)).kind).toBe('forbidden');
    }
  });

  it('lets approvers, not requesters, approve and decline', () => {
    expect(act(ticketIn('awaiting-approval', 'cat3'), bodies.approve, approver).ticket.status).toBe('in-progress');
    expect(refusal(() => act(ticketIn('awaiting-approval', 'cat3'), bodies.approve, requester)).kind).toBe('forbidden');
    expect(refusal(() => act(ticketIn('awaiting-approval', 'cat3'), bodies.decline, integration)).kind).toBe('forbidden');
  });

  it('lets requesters and approvers confirm or reject, not an integration acting alone', () => {
    expect(act(ticketIn('resolved'), bodies.confirm, requester).ticket.status).toBe('closed');
    expect(act(ticketIn('resolved'), bodies.reject, approver).ticket.status).toBe('in-progress');
    expect(refusal(() => act(ticketIn('resolved'), bodies.confirm, integration)).kind).toBe('forbidden');
  });

  it('lets anyone with access comment, in any state', () => {
    expect(act(ticketIn('closed'), bodies.comment, integration).events[0]?.type).toBe('ticket.commented');
  });
});

describe('escalate', () => {
  it('only moves up the tiers and carries the handover note', () => {
    const { ticket, events } = act(ticketIn('in-progress'), { action: 'escalate', tier: 'L3', handoverNote: 'repro steps' });
    expect(ticket.tier).toBe('L3');
    expect(events[0]?.data).toEqual({ from: 'L1', to: 'L3', handoverNote: 'repro steps' });
    expect(refusal(() => act(ticket, { action: 'escalate', tier: 'L2', handoverNote: 'x' })).kind).toBe('unprocessable');
  });
});
