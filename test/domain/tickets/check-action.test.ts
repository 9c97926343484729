import { describe, expect, it } from 'vitest';
import { agreementSchema } from '../../../src/domain/agreement/agreement';
import { DomainError } from '../../../src/domain/domain-error';
import { allowedTicketActions, applyTicketAction, type ActingParty } from '../../../src/domain/tickets/state-machine';
import { newTicket, type Ticket } from '../../../src/domain/tickets/ticket';
import type { TicketAction } from '../../../src/domain/tickets/ticket-action';
import { contractClient } from '../../support/contract';

const agreement = agreementSchema.parse(contractClient().agreement);
const received = '2027-03-01T09:00:00.000Z';
const later = '2027-03-01T10:00:00.000Z';
const engineer: ActingParty = {
  actor: { kind: 'staff', id: 'eng@desk.test' },
  roles: new Set(),
  staffRoles: new Set(['engineer']),
};
const approver: ActingParty = { actor: { kind: 'contact', id: 'boss@acme.test' }, roles: new Set(['approver']) };
const checklist = ['Backups restored', 'Certificates valid', 'Disk below 80 %'];

function healthCheck(withChecklist = true): Ticket {
  return newTicket({
    clientId: 'acme',
    ticketPrefix: 'ACME',
    number: 9,
    title: 'Monthly health check (2027-03-02)',
    description: 'd',
    severity: 'cat4',
    type: 'maintenance',
    reporter: 'schedule:health',
    receivedAt: received,
    channel: 'schedule',
    maintenance: {
      scheduleId: 'health',
      occurrence: '2027-03-02',
      dueAt: '2027-03-02T09:00:00.000Z',
      checklist: withChecklist ? checklist : [],
    },
  });
}

const check = (ticket: Ticket, results: Extract<TicketAction, { action: 'check' }>['results'], party = engineer) =>
  applyTicketAction({ ticket, action: { action: 'check', results }, party, now: later, agreement, timezone: 'UTC' });

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('check (maintenance checklist answers)', () => {
  it('records pass / fail / n/a per line with notes, counts the checklist, and names the item a fail becomes', () => {
    const { ticket, events } = check(healthCheck(), [
      { line: 0, result: 'pass' },
      { line: 1, result: 'fail', note: 'Expires in 5 days', makeItem: true },
    ]);
    expect(ticket.status).toBe('new');
    expect(ticket.checks).toEqual([
      { line: 0, result: 'pass', by: 'eng@desk.test', at: later },
      { line: 1, result: 'fail', note: 'Expires in 5 days', by: 'eng@desk.test', at: later, itemId: 'ck-acme-9-2' },
    ]);
    expect(events[0]).toMatchObject({
      type: 'ticket.checked',
      data: {
        results: [
          { line: 0, item: 'Backups restored', result: 'pass' },
          { line: 1, item: 'Certificates valid', result: 'fail', note: 'Expires in 5 days', itemId: 'ck-acme-9-2' },
        ],
        passed: 1,
        failed: 1,
        notApplicable: 0,
        unanswered: 1,
      },
    });
  });

  it('lets a later answer replace an earlier one for the same line, without asking for the item again', () => {
    const first = check(healthCheck(), [{ line: 1, result: 'fail', makeItem: true }]).ticket;
    const { ticket, events } = check(first, [
      { line: 1, result: 'pass', note: 'Renewed' },
      { line: 2, result: 'n/a' },
    ]);
    expect(ticket.checks?.map((c) => [c.line, c.result, c.itemId])).toEqual([
      [1, 'pass', undefined],
      [2, 'n/a', undefined],
    ]);
    expect(events[0]?.data).toMatchObject({ passed: 1, failed: 0, notApplicable: 1, unanswered: 1 });
  });

  it('refuses a line beyond the checklist, a line answered twice and an item from a pass, naming the field', () => {
    expect(refusal(() => check(healthCheck(), [{ line: 3, result: 'pass' }]))).toMatchObject({
      kind: 'invalid',
      field: 'results.0.line',
    });
    expect(
      refusal(() =>
        check(healthCheck(), [
          { line: 0, result: 'pass' },
          { line: 0, result: 'fail' },
        ]),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'results.1.line' });
    expect(refusal(() => check(healthCheck(), [{ line: 0, result: 'pass', makeItem: true }]))).toMatchObject({
      kind: 'invalid',
      field: 'results.0.makeItem',
    });
  });

  it('is offered to staff on a ticket with a checklist only, and never to contacts', () => {
    expect(allowedTicketActions(healthCheck(), engineer)).toContain('check');
    expect(allowedTicketActions(healthCheck(false), engineer)).not.toContain('check');
    expect(allowedTicketActions(healthCheck(), approver)).not.toContain('check');
    expect(refusal(() => check(healthCheck(), [{ line: 0, result: 'pass' }], approver)).kind).toBe('forbidden');
    expect(refusal(() => check(healthCheck(false), [{ line: 0, result: 'pass' }])).kind).toBe('conflict');
  });
});
