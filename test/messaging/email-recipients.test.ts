import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/domain/clients/client';
import { ticketCloudEvent } from '../../src/domain/events/cloud-event';
import { emailRecipients } from '../../src/messaging/email-recipients';
import { notificationEmail } from '../../src/messaging/notification-email';

const contact = (email: string, roles: Contact['roles'], active = true): Contact => ({ clientId: 'acme', email, name: email, roles, active, updatedAt: '2026-11-01T00:00:00Z' });
const contacts = [contact('jo@acme.test', ['requester']), contact('boss@acme.test', ['approver']), contact('gone@acme.test', ['approver'], false)];
const directory = { reporter: 'Jo@Acme.test', contacts, supportLead: 'lead@desk.test' };

describe('who is e-mailed about an event', () => {
  it('ticket events: the reporter and the active contacts, each once', () => {
    expect(emailRecipients({ type: 'ticket.created' }, directory)).toEqual(['jo@acme.test', 'boss@acme.test']);
  });

  it('an assignment: also the engineer it assigns', () => {
    expect(emailRecipients({ type: 'ticket.assigned' }, { ...directory, assignee: 'Eng@Desk.test' })).toEqual(['jo@acme.test', 'boss@acme.test', 'eng@desk.test']);
  });

  it('SLA warnings and breaches: the support lead; a met SLA: nobody', () => {
    expect(emailRecipients({ type: 'sla.warning' }, directory)).toEqual(['lead@desk.test']);
    expect(emailRecipients({ type: 'sla.breached' }, directory)).toEqual(['lead@desk.test']);
    expect(emailRecipients({ type: 'sla.met' }, directory)).toEqual([]);
    expect(emailRecipients({ type: 'sla.breached' }, { contacts })).toEqual([]);
  });

  it('hour-bank events: the active approvers and the support lead', () => {
    expect(emailRecipients({ type: 'hourbank.low-balance' }, directory)).toEqual(['boss@acme.test', 'lead@desk.test']);
  });

  it('anything else: nobody', () => {
    expect(emailRecipients({ type: 'alert.raised' }, directory)).toEqual([]);
  });
});

describe('the notification e-mail', () => {
  it('names the ticket, what happened and its title', () => {
    const event = ticketCloudEvent(
      { clientId: 'acme', ticketId: 'ACME-3', severity: 'cat1', title: 'Checkout\nis down', status: 'new' },
      { seq: 4, type: 'sla.breached', at: '2026-11-24T14:00:00.000Z', actor: 'system', data: { clock: 'resolve', dueAt: '2026-11-24T14:00:00.000Z' } },
    );
    const email = notificationEmail(event);
    expect(email.subject).toBe('[ACME-3] SLA breached: Checkout is down');
    expect(email.text).toContain('When: 2026-11-24T14:00:00.000Z');
    expect(email.text).toContain('clock: resolve');
    expect(email.text).toContain('Event ACME-3.4 (sla.breached)');
  });
});
