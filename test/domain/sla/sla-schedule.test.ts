import { describe, expect, it } from 'vitest';
import { agreementSchema } from '../../../src/domain/agreement/agreement';
import {
  momentKey,
  pendingSlaMoments,
  slaWakePlan,
  slaWorkDone,
  type SlaTerms,
} from '../../../src/domain/sla/sla-schedule';
import { newTicket, type Ticket } from '../../../src/domain/tickets/ticket';
import { contractClient } from '../../support/contract';

const terms: SlaTerms = { agreement: agreementSchema.parse(contractClient().agreement), timezone: 'Europe/London' };
const at = '2026-11-23T09:00:00.000Z';
const open = (severity: string): Ticket =>
  newTicket({
    clientId: 'acme',
    ticketPrefix: 'ACME',
    number: 1,
    title: 't',
    description: 'd',
    severity,
    type: 'defect',
    reporter: 'r',
    receivedAt: at,
  });
const stopped = (ticket: Ticket, status: Ticket['status']): Ticket => ({
  ...ticket,
  status,
  clocks: { assess: { ...ticket.clocks.assess, stoppedAt: at }, resolve: { ...ticket.clocks.resolve, stoppedAt: at } },
});

describe('the SLA schedule of a ticket', () => {
  it('lists the warnings and breaches not recorded yet, soonest first', () => {
    const ticket = open('cat1');
    const pending = pendingSlaMoments(terms, ticket);
    expect(pending.length).toBeGreaterThan(1);
    expect(pending.map((m) => m.at)).toEqual([...pending.map((m) => m.at)].sort());
    const recorded = { ...ticket, slaRecorded: [momentKey(pending[0]!)] };
    expect(pendingSlaMoments(terms, recorded)).toEqual(pending.slice(1));
  });

  it('is not done while a clock can still fire', () => {
    expect(slaWorkDone(terms, open('cat1'))).toBe(false);
  });

  it('is done when the severity runs no clocks, or the ticket is closed', () => {
    expect(slaWorkDone(terms, open('cat3'))).toBe(true);
    expect(slaWorkDone(terms, { ...open('cat1'), status: 'closed' })).toBe(true);
  });

  it('is final only when closed: an open ticket of a severity that runs no clocks is done, but may be assessed into one that does', () => {
    expect(slaWakePlan(terms, open('cat3'))).toEqual({ done: true, final: false });
    expect(slaWakePlan(terms, { ...open('cat1'), status: 'closed' })).toMatchObject({ done: true, final: true });
    expect(slaWakePlan(terms, open('cat1'))).toMatchObject({ done: false, final: false });
  });

  it('is not done while resolved (the client may reopen it), even with both clocks stopped', () => {
    expect(slaWorkDone(terms, stopped(open('cat1'), 'resolved'), [])).toBe(false);
    expect(slaWorkDone(terms, stopped(open('cat1'), 'in-progress'), [])).toBe(true);
  });
});
