import { describe, expect, it } from 'vitest';
import { agreementSchema, type TicketStatus } from '../../../src/domain/agreement/agreement';
import { DomainError } from '../../../src/domain/domain-error';
import { applyTicketAction, type ActingParty } from '../../../src/domain/tickets/state-machine';
import { newTicket, type Ticket } from '../../../src/domain/tickets/ticket';
import type { TicketAction, TicketActionName } from '../../../src/domain/tickets/ticket-action';
import { contractClient } from '../../support/contract';

const agreement = agreementSchema.parse(contractClient().agreement);
const timezone = 'Europe/London';
const staff: ActingParty = {
  actor: { kind: 'staff', id: 'admin' },
  roles: new Set(),
  staffRoles: new Set(['lead', 'engineer']),
};
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
  check: { action: 'check', results: [{ line: 0, result: 'fail', makeItem: true }] },
  assign: { action: 'assign', to: 'eng@desk.test' },
  diagnose: { action: 'diagnose', cause: 'Index missing', estimateHours: 2 },
  'propose-schedule': { action: 'propose-schedule', items: [{ what: 'Hot fix', by: '2026-11-25' }] },
  'accept-schedule': { action: 'accept-schedule' },
  'query-schedule': { action: 'query-schedule', remark: 'Sooner?' },
};

/** Actions that keep the status, by the states they are allowed in. */
const everywhereOpen = ['assign', 'accept-schedule', 'query-schedule', 'check'] as const;
const beforeResolution = ['diagnose', 'propose-schedule'] as const;
const staying = (status: TicketStatus, names: readonly TicketActionName[]) =>
  Object.fromEntries(names.map((n) => [n, status])) as Partial<Record<TicketActionName, TicketStatus>>;

/**
 * The lifecycle of docs/product-spec.md §1 written out independently of the implementation's rule table:
 * for each state, the actions that are legal and the state each leads to.
 */
const expected: Record<TicketStatus, Partial<Record<TicketActionName, TicketStatus>>> = {
  new: {
    assess: 'in-progress',
    escalate: 'new',
    close: 'closed',
    comment: 'new',
    ...staying('new', [...everywhereOpen, ...beforeResolution]),
  },
  'awaiting-approval': {
    approve: 'in-progress',
    decline: 'closed',
    close: 'closed',
    comment: 'awaiting-approval',
    ...staying('awaiting-approval', [...everywhereOpen, ...beforeResolution]),
  },
  'in-progress': {
    'wait-client': 'waiting-on-client',
    'wait-vendor': 'waiting-on-vendor',
    escalate: 'in-progress',
    resolve: 'resolved',
    close: 'closed',
    comment: 'in-progress',
    ...staying('in-progress', [...everywhereOpen, ...beforeResolution]),
  },
  'waiting-on-client': {
    resume: 'in-progress',
    escalate: 'waiting-on-client',
    resolve: 'resolved',
    close: 'closed',
    comment: 'waiting-on-client',
    ...staying('waiting-on-client', [...everywhereOpen, ...beforeResolution]),
  },
  'waiting-on-vendor': {
    resume: 'in-progress',
    escalate: 'waiting-on-vendor',
    resolve: 'resolved',
    close: 'closed',
    comment: 'waiting-on-vendor',
    ...staying('waiting-on-vendor', [...everywhereOpen, ...beforeResolution]),
  },
  resolved: {
    confirm: 'closed',
    reject: 'in-progress',
    close: 'closed',
    comment: 'resolved',
    ...staying('resolved', everywhereOpen),
  },
  closed: { comment: 'closed', 'follow-up': 'closed' },
};

const received = '2026-11-23T10:00:00.000Z';
const later = '2026-11-23T11:00:00.000Z';

function ticketIn(status: TicketStatus, severity = 'cat2'): Ticket {
  const base = newTicket({
    clientId: 'acme',
    ticketPrefix: 'ACME',
    number: 7,
    title: 't',
    description: 'd',
    severity,
    type: 'defect',
    reporter: 'req@acme.test',
    receivedAt: received,
  });
  const stopped = { ...base.clocks.resolve, stoppedAt: received };
  const paused = { ...base.clocks.resolve, pauses: [{ from: received }] };
  return {
    ...base,
    status,
    tier: 'L1',
    // A checklist, so `check` can be tried in every state.
    maintenance: { scheduleId: 's', occurrence: '2026-11-23', dueAt: received, checklist: ['Backups restored'] },
    // A proposal awaiting the client's answer, so accept-schedule and query-schedule can be tried in every state.
    schedule: {
      items: [{ what: 'Build 7', by: '2026-11-30' }],
      status: 'proposed',
      proposedBy: 'eng@desk.test',
      proposedAt: received,
    },
    clocks: {
      assess: status === 'new' ? base.clocks.assess : { ...base.clocks.assess, stoppedAt: received },
      resolve:
        status === 'resolved' || status === 'closed'
          ? stopped
          : status.startsWith('waiting')
            ? paused
            : base.clocks.resolve,
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
    const { events } = act(
      ticketIn('new', 'cat1'),
      { action: 'assess', tier: 'L2' },
      staff,
      '2026-11-23T12:00:00.000Z',
    );
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
    expect(refusal(() => act(ticketIn('new'), { action: 'assess', tier: 'L2', severity: 'sev9' }))).toMatchObject({
      kind: 'invalid',
      field: 'severity',
    });
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
    expect(refusal(() => act(ticketIn('awaiting-approval', 'cat3'), bodies.decline, integration)).kind).toBe(
      'forbidden',
    );
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
    const { ticket, events } = act(ticketIn('in-progress'), {
      action: 'escalate',
      tier: 'L3',
      handoverNote: 'repro steps',
    });
    expect(ticket.tier).toBe('L3');
    expect(events[0]?.data).toEqual({ from: 'L1', to: 'L3', handoverNote: 'repro steps' });
    expect(refusal(() => act(ticket, { action: 'escalate', tier: 'L2', handoverNote: 'x' })).kind).toBe(
      'unprocessable',
    );
  });
});

describe('assign', () => {
  const engineer: ActingParty = {
    actor: { kind: 'staff', id: 'eng@desk.test' },
    roles: new Set(),
    staffRoles: new Set(['engineer']),
  };
  const lead: ActingParty = {
    actor: { kind: 'staff', id: 'lead@desk.test' },
    roles: new Set(),
    staffRoles: new Set(['lead']),
  };

  it('lets a lead assign anyone and reassign, naming the previous assignee', () => {
    const first = act(ticketIn('new'), { action: 'assign', to: 'eng@desk.test' }, lead);
    expect(first.ticket.assignee).toBe('eng@desk.test');
    expect(first.events[0]).toMatchObject({
      type: 'ticket.assigned',
      actor: 'lead@desk.test',
      data: { assignee: 'eng@desk.test' },
    });
    const second = act(first.ticket, { action: 'assign', to: 'other@desk.test' }, lead);
    expect(second.events[0]?.data).toEqual({ assignee: 'other@desk.test', previousAssignee: 'eng@desk.test' });
    expect(refusal(() => act(second.ticket, { action: 'assign', to: 'other@desk.test' }, lead)).kind).toBe('conflict');
  });

  it('lets an engineer take an unassigned ticket for themself, and nothing more', () => {
    expect(act(ticketIn('new'), { action: 'assign', to: 'eng@desk.test' }, engineer).ticket.assignee).toBe(
      'eng@desk.test',
    );
    expect(refusal(() => act(ticketIn('new'), { action: 'assign', to: 'other@desk.test' }, engineer))).toMatchObject({
      kind: 'forbidden',
      field: 'to',
    });
    const taken = { ...ticketIn('new'), assignee: 'other@desk.test' };
    expect(refusal(() => act(taken, { action: 'assign', to: 'eng@desk.test' }, engineer)).kind).toBe('conflict');
  });

  it('refuses contacts and integrations', () => {
    for (const party of [requester, approver, integration]) {
      expect(refusal(() => act(ticketIn('new'), { action: 'assign', to: 'eng@desk.test' }, party)).kind).toBe(
        'forbidden',
      );
    }
  });
});

describe('the OnCleverSoft workflow', () => {
  it('records a diagnosis the client can read', () => {
    const { ticket, events } = act(ticketIn('in-progress'), {
      action: 'diagnose',
      cause: 'Index missing',
      workaround: 'Re-run',
      estimateHours: 3,
    });
    expect(ticket.diagnosis).toEqual({
      cause: 'Index missing',
      workaround: 'Re-run',
      estimateHours: 3,
      by: 'admin',
      at: later,
    });
    expect(events[0]).toMatchObject({
      type: 'ticket.diagnosed',
      data: { cause: 'Index missing', workaround: 'Re-run', estimateHours: 3 },
    });
  });

  it('lets staff propose a schedule and only an approver accept or query it, once per proposal', () => {
    const base = { ...ticketIn('in-progress'), schedule: undefined };
    expect(refusal(() => act(base, { action: 'accept-schedule' }, approver)).kind).toBe('conflict');
    const proposed = act(base, { action: 'propose-schedule', items: [{ what: 'Hot fix 1.2.1', by: '2026-11-25' }] });
    expect(proposed.ticket.schedule).toMatchObject({
      status: 'proposed',
      proposedBy: 'admin',
      items: [{ what: 'Hot fix 1.2.1', by: '2026-11-25' }],
    });
    expect(
      refusal(() =>
        act(proposed.ticket, { action: 'propose-schedule', items: [{ what: 'x', by: '2026-11-26' }] }, approver),
      ).kind,
    ).toBe('forbidden');
    expect(refusal(() => act(proposed.ticket, { action: 'accept-schedule' }, requester)).kind).toBe('forbidden');
    const queried = act(proposed.ticket, { action: 'query-schedule', remark: 'Can it be Monday?' }, approver);
    expect(queried.ticket.schedule).toMatchObject({
      status: 'queried',
      answeredBy: 'boss@acme.test',
      remark: 'Can it be Monday?',
    });
    expect(queried.events[0]?.type).toBe('ticket.schedule-queried');
    expect(refusal(() => act(queried.ticket, { action: 'accept-schedule' }, approver)).kind).toBe('conflict');
    const again = act(queried.ticket, {
      action: 'propose-schedule',
      items: [{ what: 'Hot fix 1.2.1', by: '2026-11-23T16:00:00Z' }],
    });
    const accepted = act(again.ticket, { action: 'accept-schedule' }, approver);
    expect(accepted.ticket.schedule?.status).toBe('accepted');
    expect(accepted.events[0]?.type).toBe('ticket.schedule-accepted');
  });
});
