import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/domain/clients/client';
import { ticketCloudEvent } from '../../src/domain/events/cloud-event';
import { emailRecipients } from '../../src/messaging/email-recipients';
import { chatContextOf } from '../../src/messaging/chat-message';
import { notificationEmail } from '../../src/messaging/notification-email';

const contact = (email: string, roles: Contact['roles'], active = true): Contact => ({
  clientId: 'acme',
  email,
  name: email,
  roles,
  active,
  updatedAt: '2026-11-01T00:00:00Z',
});
const contacts = [
  contact('jo@acme.test', ['requester']),
  contact('boss@acme.test', ['approver']),
  contact('gone@acme.test', ['approver'], false),
];
const directory = { reporter: 'Jo@Acme.test', contacts, supportLead: 'lead@desk.test', assignee: 'eng@desk.test' };
const addresses = (
  type: string,
  data: Record<string, unknown> = {},
  dir: Parameters<typeof emailRecipients>[1] = directory,
) => emailRecipients({ type, data }, dir).map((r) => `${r.address} (${r.audience})`);

describe('who is e-mailed about an event', () => {
  it('ticket events: the reporter and the assignee — not every contact of the client', () => {
    expect(addresses('ticket.created')).toEqual(['jo@acme.test (client)', 'eng@desk.test (staff)']);
    expect(addresses('ticket.commented', { text: 'hi' })).toEqual(['jo@acme.test (client)', 'eng@desk.test (staff)']);
  });

  it('approvals and schedules: the active approvers too', () => {
    expect(addresses('ticket.assessed', { status: 'awaiting-approval' })).toEqual([
      'jo@acme.test (client)',
      'boss@acme.test (client)',
      'eng@desk.test (staff)',
    ]);
    expect(addresses('ticket.assessed', { status: 'in-progress' })).toEqual([
      'jo@acme.test (client)',
      'eng@desk.test (staff)',
    ]);
    expect(addresses('ticket.approved')).toContain('boss@acme.test (client)');
    expect(addresses('ticket.schedule-proposed')).toContain('boss@acme.test (client)');
  });

  it('internal notes: staff only, never a contact', () => {
    expect(addresses('ticket.commented', { text: 'SSO cert expired, need L3', internal: true })).toEqual([
      'eng@desk.test (staff)',
    ]);
    expect(addresses('ticket.commented', { text: 'x', internal: true }, { ...directory, assignee: undefined })).toEqual(
      [],
    );
  });

  it('an integration (a key name as reporter) or an inactive contact is never mailed', () => {
    expect(addresses('ticket.created', {}, { ...directory, reporter: 'acme-monitor', assignee: undefined })).toEqual(
      [],
    );
    expect(addresses('ticket.created', {}, { ...directory, reporter: 'gone@acme.test', assignee: undefined })).toEqual(
      [],
    );
  });

  it('SLA warnings and breaches: the support lead and the assignee; a met SLA: nobody', () => {
    expect(addresses('sla.warning')).toEqual(['lead@desk.test (staff)', 'eng@desk.test (staff)']);
    expect(addresses('sla.breached', {}, { contacts, supportLead: 'lead@desk.test' })).toEqual([
      'lead@desk.test (staff)',
    ]);
    expect(addresses('sla.met')).toEqual([]);
    expect(addresses('sla.breached', {}, { contacts })).toEqual([]);
  });

  it('hour-bank purchases, low balance and exhaustion: the active approvers and the support lead; bookings: nobody', () => {
    for (const type of ['hourbank.purchased', 'hourbank.low-balance', 'hourbank.exhausted']) {
      expect(addresses(type)).toEqual(['boss@acme.test (client)', 'lead@desk.test (staff)']);
    }
    expect(addresses('hourbank.called-off')).toEqual([]);
    expect(addresses('hourbank.adjusted')).toEqual([]);
    expect(addresses('ticket.time-logged')).toEqual([]);
  });

  it('anything else: nobody', () => {
    expect(addresses('alert.raised')).toEqual([]);
  });
});

describe('the notification e-mail', () => {
  it('names the ticket, what happened and its title', () => {
    const event = ticketCloudEvent(
      { clientId: 'acme', ticketId: 'ACME-3', severity: 'cat1', title: 'Checkout\nis down', status: 'new' },
      {
        seq: 4,
        type: 'sla.breached',
        at: '2026-11-24T14:00:00.000Z',
        actor: 'system',
        data: { clock: 'resolve', dueAt: '2026-11-24T14:00:00.000Z' },
      },
    );
    const client = {
      name: 'Acme Ltd',
      timezone: 'Europe/London',
      agreement: { severities: [{ id: 'cat1', name: 'Category 1' }] },
    };
    const email = notificationEmail(event, chatContextOf(client, 'client', 'https://desk.example'));
    expect(email.subject).toBe('[ACME-3] SLA breached on ACME-3: Checkout is down');
    // In words, in the client's timezone, severity by name, linking to the ticket's page.
    expect(email.text).toContain('Resolution is overdue: it was due Tue 24 Nov 2026, 14:00 (Europe/London).');
    expect(email.text).toContain('Severity: Category 1');
    expect(email.text).toContain('https://desk.example/portal/tickets/ACME-3');
    // No field names, ids, raw event names or JSON.
    expect(email.text).not.toMatch(/[{}]|slaNextAt|dueAt|sla\.breached|cat1/);
  });

  it('maintenance releases: proposals to the approvers, answers to the lead, notes to approvers and requesters', () => {
    expect(addresses('maintenance.release-proposed', { releaseId: 'r1' })).toEqual(['boss@acme.test (client)']);
    expect(addresses('maintenance.release-approved', { releaseId: 'r1' })).toEqual(['lead@desk.test (staff)']);
    expect(addresses('maintenance.release-queried', { releaseId: 'r1' })).toEqual(['lead@desk.test (staff)']);
    // Requesters who are not active contacts (a schedule, a gone contact) are never mailed.
    expect(
      addresses('maintenance.release-completed', {
        releaseId: 'r1',
        requesters: ['jo@acme.test', 'schedule:health', 'gone@acme.test'],
      }),
    ).toEqual(['boss@acme.test (client)', 'jo@acme.test (client)']);
    expect(addresses('ticket.checked', { results: [] })).toEqual([]);
  });

  it('a proposal links to the release in the portal; the release notes go whole into the e-mail', () => {
    const context = chatContextOf(
      { name: 'Acme', timezone: 'Europe/London', agreement: { severities: [] } },
      'client',
      'https://desk.example/',
    );
    const event = (type: string, data: Record<string, unknown>) =>
      ({
        type,
        time: '2027-03-01T09:00:00.000Z',
        data: {
          releaseId: 'r1',
          title: 'March release',
          window: { start: '2027-03-20T18:00', end: '2027-03-20T22:00' },
          timezone: 'Europe/London',
          items: [{ id: 'i-1', title: 'Upgrade the PDF library' }],
          actor: 'lead@desk.test',
          ...data,
        },
      }) as unknown as Parameters<typeof notificationEmail>[0];
    const proposal = notificationEmail(event('maintenance.release-proposed', { round: 1 }), context);
    expect(proposal.subject).toBe('Maintenance release for your approval: March release');
    expect(proposal.text).toContain('Window: 2027-03-20T18:00 – 2027-03-20T22:00 (Europe/London)');
    expect(proposal.text).toContain('Items: Upgrade the PDF library');
    expect(proposal.text).toContain('https://desk.example/portal/maintenance/releases/r1');
    const notes = 'Upgraded the PDF library.\n' + 'x'.repeat(1500);
    const done = notificationEmail(event('maintenance.release-completed', { notes, requesters: [] }), context);
    expect(done.subject).toBe('Maintenance release done: March release');
    expect(done.text).toContain(`Release notes:\n\n${notes}\n`);
  });
});
