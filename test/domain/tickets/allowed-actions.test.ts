import { describe, expect, it } from 'vitest';
import { agreementSchema, type TicketStatus } from '../../../src/domain/agreement/agreement';
import { ticketStatusSchema } from '../../../src/domain/agreement/ticket-status';
import { DomainError } from '../../../src/domain/domain-error';
import { allowedTicketActions, applyTicketAction, type ActingParty } from '../../../src/domain/tickets/state-machine';
import { newTicket, tiers, type Ticket } from '../../../src/domain/tickets/ticket';
import type { TicketAction, TicketActionName } from '../../../src/domain/tickets/ticket-action';
import { contractClient } from '../../support/contract';

const agreement = agreementSchema.parse(contractClient().agreement);
const received = '2026-11-23T10:00:00.000Z';
const later = '2026-11-23T11:00:00.000Z';

const parties: Record<string, ActingParty> = {
  lead: { actor: { kind: 'staff', id: 'lead@desk.test' }, roles: new Set(), staffRoles: new Set(['lead']) },
  engineer: { actor: { kind: 'staff', id: 'eng@desk.test' }, roles: new Set(), staffRoles: new Set(['engineer']) },
  requester: { actor: { kind: 'contact', id: 'req@acme.test' }, roles: new Set(['requester']) },
  approver: { actor: { kind: 'contact', id: 'boss@acme.test' }, roles: new Set(['approver']) },
  integration: { actor: { kind: 'integration', id: 'monitoring' }, roles: new Set() },
};

/** A valid body for every action, for `party` (an engineer can only assign to themself). */
function bodyOf(action: TicketActionName, party: ActingParty): TicketAction {
  const bodies: Record<TicketActionName, TicketAction> = {
    assess: { action: 'assess', tier: 'L2', quote: { hours: 3 } },
    approve: { action: 'approve', mode: 'quote' },
    decline: { action: 'decline' },
    'wait-client': { action: 'wait-client', note: 'Which browser?' },
    'wait-vendor': { action: 'wait-vendor', vendorReference: 'MS-123' },
    resume: { action: 'resume' },
    escalate: { action: 'escalate', tier: 'vendor', handoverNote: 'Logs attached' },
    resolve: { action: 'resolve', cause: 'Null pointer' },
    confirm: { action: 'confirm' },
    reject: { action: 'reject', reason: 'Still broken' },
    close: { action: 'close', reason: 'Duplicate' },
    comment: { action: 'comment', text: 'Any news?' },
    'follow-up': { action: 'follow-up', task: 'Upgrade library' },
    check: { action: 'check', results: [{ line: 0, result: 'pass' }] },
    assign: { action: 'assign', to: party.staffRoles?.has('lead') ? 'third@desk.test' : party.actor.id },
    diagnose: { action: 'diagnose', cause: 'Index missing' },
    'propose-schedule': { action: 'propose-schedule', items: [{ what: 'Hot fix', by: '2026-11-25' }] },
    'accept-schedule': { action: 'accept-schedule' },
    'query-schedule': { action: 'query-schedule', remark: 'Sooner?' },
  };
  return bodies[action];
}

interface Variant {
  readonly tier: Ticket['tier'];
  readonly assignee: string | undefined;
  readonly schedule: 'proposed' | 'accepted' | undefined;
}

function ticketIn(status: TicketStatus, variant: Variant): Ticket {
  const base = newTicket({
    clientId: 'acme',
    ticketPrefix: 'ACME',
    number: 7,
    title: 't',
    description: 'd',
    severity: status === 'awaiting-approval' ? 'cat3' : 'cat2',
    type: 'defect',
    reporter: 'req@acme.test',
    receivedAt: received,
  });
  return {
    ...base,
    status,
    tier: variant.tier,
    ...(variant.assignee ? { assignee: variant.assignee } : {}),
    ...(variant.schedule
      ? {
          schedule: {
            items: [{ what: 'Build 7', by: '2026-11-30' }],
            status: variant.schedule,
            proposedBy: 'eng@desk.test',
            proposedAt: received,
          },
        }
      : {}),
    clocks: {
      assess: status === 'new' ? base.clocks.assess : { ...base.clocks.assess, stoppedAt: received },
      resolve:
        status === 'resolved' || status === 'closed'
          ? { ...base.clocks.resolve, stoppedAt: received }
          : base.clocks.resolve,
    },
  };
}

function applies(ticket: Ticket, action: TicketActionName, party: ActingParty): boolean {
  try {
    applyTicketAction({ ticket, action: bodyOf(action, party), party, now: later, agreement, timezone: 'UTC' });
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

const variants: Variant[] = [
  { tier: 'L1', assignee: undefined, schedule: 'proposed' },
  { tier: 'vendor', assignee: 'eng@desk.test', schedule: 'accepted' },
  { tier: 'L2', assignee: 'other@desk.test', schedule: undefined },
];

describe('allowedTicketActions', () => {
  // The ticket view's `allowedActions` and the action endpoint must never disagree: each action listed is
  // one the state machine applies (with a valid body), and each one left out is one it refuses.
  for (const status of ticketStatusSchema.options) {
    for (const [name, party] of Object.entries(parties)) {
      it(`lists exactly what the state machine applies: ${status}, ${name}`, () => {
        for (const variant of variants) {
          const ticket = ticketIn(status, variant);
          const applied = actionNames.filter((action) => applies(ticket, action, party));
          expect([...allowedTicketActions(ticket, party)].sort(), JSON.stringify(variant)).toEqual(applied.sort());
        }
      });
    }
  }

  it('gives a requester of a resolved ticket confirm, reject and comment, and no engineering action', () => {
    const ticket = ticketIn('resolved', variants[0] as Variant);
    expect(allowedTicketActions(ticket, parties.requester as ActingParty)).toEqual(['confirm', 'reject', 'comment']);
  });

  it('never offers escalation from the last tier', () => {
    const ticket = ticketIn('in-progress', {
      tier: tiers[tiers.length - 1] as Ticket['tier'],
      assignee: undefined,
      schedule: undefined,
    });
    expect(allowedTicketActions(ticket, parties.lead as ActingParty)).not.toContain('escalate');
  });
});

/** Every action name (a Record, so that a new action fails to compile here until it is listed). */
const everyAction: Record<TicketActionName, true> = {
  assess: true,
  approve: true,
  decline: true,
  'wait-client': true,
  'wait-vendor': true,
  resume: true,
  escalate: true,
  resolve: true,
  confirm: true,
  reject: true,
  close: true,
  comment: true,
  'follow-up': true,
  check: true,
  assign: true,
  diagnose: true,
  'propose-schedule': true,
  'accept-schedule': true,
  'query-schedule': true,
};
const actionNames = Object.keys(everyAction) as TicketActionName[];
