import { describe, expect, it } from 'vitest';
import { MaintenanceItemService } from '../../src/app/maintenance-item-service';
import { MaintenanceReleaseService } from '../../src/app/maintenance-release-service';
import type { Principal } from '../../src/app/principal';
import { DomainError } from '../../src/domain/domain-error';
import { newTicket } from '../../src/domain/tickets/ticket';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import { maintenanceOutboxNumber } from '../../src/ports/outbox';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryMaintenanceItems } from '../support/in-memory/in-memory-maintenance-items';
import { InMemoryMaintenanceReleases } from '../support/in-memory/in-memory-maintenance-releases';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { inMemoryClientService } from '../support/in-memory/in-memory-services';

let now = new Date('2027-03-01T09:00:00Z');
const clock: Clock = { now: () => now };
const lead: Principal = { kind: 'staff', email: 'lead@desk.example', name: 'Lee', roles: ['lead'] };
const engineer: Principal = { kind: 'staff', email: 'eng@desk.example', name: 'Eng', roles: ['engineer'] };
const contact = (email: string, clientId: string, role: 'approver' | 'requester'): Principal => ({
  kind: 'contact',
  email,
  name: email,
  memberships: [{ clientId, roles: [role] }],
});
const approver = contact('boss@acme.example', 'acme', 'approver');
const requester = contact('jo@acme.example', 'acme', 'requester');
const otherApprover = contact('boss@other.example', 'other', 'approver');
const window = { start: '2027-03-20T18:00', end: '2027-03-20T22:00' };

async function setUp() {
  const clients = new InMemoryClientStore();
  const tickets = new InMemoryTicketStore();
  const items = new InMemoryMaintenanceItems();
  const releases = new InMemoryMaintenanceReleases(tickets.outbox);
  for (const [id, prefix] of [
    ['acme', 'ACME'],
    ['other', 'OTHER'],
  ] as const) {
    await inMemoryClientService(clients, clock).putClient(
      id,
      clientBodySchema.parse({ ...contractClient(), ticketPrefix: prefix }),
    );
  }
  const planned: string[] = [];
  const service = new MaintenanceReleaseService(clients, tickets, items, releases, clock, [
    { maintenancePlanChanged: (clientId) => (planned.push(clientId), Promise.resolve()) },
  ]);
  const backlog = new MaintenanceItemService(clients, tickets, items, clock, releases);
  // A closed ticket reported by jo, whose follow-up became an item: jo is its requester.
  const source = await tickets.create({
    clientId: 'acme',
    build: (number) => ({
      ticket: {
        ...newTicket({
          clientId: 'acme',
          ticketPrefix: 'ACME',
          number,
          title: 'Invoices fail',
          description: 'd',
          severity: 'cat2',
          type: 'defect',
          reporter: 'jo@acme.example',
          receivedAt: '2027-02-01T09:00:00.000Z',
        }),
        status: 'closed',
      },
      events: [],
      position: `x|closed|${number}`,
    }),
  });
  if (source.kind !== 'created') throw new Error('not created');
  const pdf = await backlog.add(lead, 'acme', {
    title: 'Upgrade the PDF library',
    billing: 'hour-bank',
    estimateHours: 2,
    sourceTicketId: source.stored.ticket.id,
  });
  const archive = await backlog.add(lead, 'acme', { title: 'Archive old invoices', billing: 'hour-bank' });
  const events = async () =>
    (await tickets.outbox.pendingForTickets('acme', [maintenanceOutboxNumber])).map((e) => e.event);
  return { service, backlog, tickets, pdf, archive, events, planned };
}

describe('MaintenanceReleaseService', () => {
  it('walks a release from draft to done: events in the outbox with each change, one ticket, items planned then done', async () => {
    const { service, backlog, tickets, pdf, archive, events, planned } = await setUp();
    const draft = await service.create(lead, 'acme', { title: 'March', window, itemIds: [pdf.id, archive.id] });
    expect(draft).toMatchObject({ id: 'r1', status: 'draft', timezone: 'Europe/London', round: 0 });
    expect(draft.items.map((i) => [i.id, i.status])).toEqual([
      [pdf.id, 'planned'],
      [archive.id, 'planned'],
    ]);
    expect(await events()).toEqual([]);

    const proposed = await service.act(lead, 'acme', 'r1', { action: 'propose' });
    expect(proposed).toMatchObject({ status: 'proposed', round: 1 });
    expect(planned).toEqual(['acme']);
    expect((await events()).map((e) => [e.id, e.type, e.data.round])).toEqual([
      ['acme.maintenance.1', 'maintenance.release-proposed', 1],
    ]);

    const approved = await service.act(approver, 'acme', 'r1', { action: 'approve', comment: 'Go ahead' });
    expect(approved.status).toBe('approved');
    expect(approved.ticketId).toBe('ACME-2');
    const ticket = (await tickets.get('acme', 2))?.ticket;
    expect(ticket).toMatchObject({ type: 'maintenance', channel: 'release', reporter: 'release:r1' });
    expect(ticket?.description).toContain('Upgrade the PDF library');

    // Changing the window of an approved release asks the approvers again; the ticket stays the one.
    const moved = await service.act(lead, 'acme', 'r1', {
      action: 'edit',
      window: { start: '2027-03-27T18:00', end: '2027-03-27T22:00' },
    });
    expect(moved).toMatchObject({ status: 'proposed', round: 2, ticketId: 'ACME-2' });
    const reapproved = await service.act(approver, 'acme', 'r1', { action: 'approve' });
    expect(reapproved.ticketId).toBe('ACME-2');
    expect((await tickets.get('acme', 3))?.ticket).toBeUndefined();

    now = new Date('2027-03-28T09:00:00Z');
    const done = await service.act(lead, 'acme', 'r1', { action: 'complete', notes: 'Upgraded; archived.' });
    expect(done).toMatchObject({ status: 'done', notes: 'Upgraded; archived.', completedAt: now.toISOString() });
    // Both items were added at the same instant: the backlog orders them by id then.
    expect(new Map((await backlog.list(lead, 'acme')).map((i) => [i.id, i.status]))).toEqual(
      new Map([
        [pdf.id, 'done'],
        [archive.id, 'done'],
      ]),
    );
    const all = await events();
    expect(all.map((e) => e.type)).toEqual([
      'maintenance.release-proposed',
      'maintenance.release-approved',
      'maintenance.release-proposed',
      'maintenance.release-approved',
      'maintenance.release-completed',
    ]);
    expect(all.map((e) => e.id)).toEqual([1, 2, 3, 4, 5].map((n) => `acme.maintenance.${n}`));
    expect(all[2]?.data).toMatchObject({ reproposal: true, window: { start: '2027-03-27T18:00' } });
    // Those who asked for the work: the reporter of the item's source ticket.
    expect(all[4]?.data).toMatchObject({
      releaseId: 'r1',
      notes: 'Upgraded; archived.',
      requesters: ['jo@acme.example'],
      items: [
        { id: pdf.id, title: 'Upgrade the PDF library' },
        { id: archive.id, title: 'Archive old invoices' },
      ],
    });
  });

  it('sends a queried release back to the lead with the comment, and it is proposed again after an edit', async () => {
    const { service, pdf, archive, events } = await setUp();
    await service.create(lead, 'acme', { title: 'March', window, itemIds: [pdf.id] });
    await service.act(lead, 'acme', 'r1', { action: 'propose' });
    const queried = await service.act(approver, 'acme', 'r1', { action: 'query', comment: 'Add the archive job' });
    expect(queried.status).toBe('queried');
    expect(queried.decisions).toEqual([
      expect.objectContaining({ decision: 'queried', by: 'boss@acme.example', comment: 'Add the archive job' }),
    ]);
    await service.act(lead, 'acme', 'r1', { action: 'edit', itemIds: [pdf.id, archive.id] });
    expect(await service.act(lead, 'acme', 'r1', { action: 'propose' })).toMatchObject({
      status: 'proposed',
      round: 2,
    });
    expect((await events()).map((e) => e.type)).toEqual([
      'maintenance.release-proposed',
      'maintenance.release-queried',
      'maintenance.release-proposed',
    ]);
  });

  it('keeps an item in one open release at a time, naming the field', async () => {
    const { service, pdf, archive } = await setUp();
    await service.create(lead, 'acme', { title: 'March', window, itemIds: [pdf.id] });
    const refused = await captured(
      service.create(lead, 'acme', { title: 'April', window, itemIds: [archive.id, pdf.id] }),
    );
    expect(refused).toMatchObject({ kind: 'conflict', field: 'itemIds.1' });
    expect(await captured(service.create(lead, 'acme', { title: 'x', window, itemIds: ['i-nope'] }))).toMatchObject({
      kind: 'invalid',
      field: 'itemIds.0',
    });
  });

  it('raises one ticket when two approvals race; the second answer is refused', async () => {
    const { service, tickets, pdf } = await setUp();
    await service.create(lead, 'acme', { title: 'March', window, itemIds: [pdf.id] });
    await service.act(lead, 'acme', 'r1', { action: 'propose' });
    const second = contact('cfo@acme.example', 'acme', 'approver');
    const results = await Promise.allSettled([
      service.act(approver, 'acme', 'r1', { action: 'approve' }),
      service.act(second, 'acme', 'r1', { action: 'approve' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ kind: 'conflict', field: 'status' });
    const maintenanceTickets = (await tickets.list({ clientId: 'acme' })).filter((t) => t.type === 'maintenance');
    expect(maintenanceTickets).toHaveLength(1);
  });

  it('refuses an edit based on a version that is no longer current (If-Match), applying nothing', async () => {
    const { service, pdf, archive, events } = await setUp();
    const created = await service.createVersioned(lead, 'acme', { title: 'March', window, itemIds: [pdf.id] });
    const read = await service.getVersioned(lead, 'acme', 'r1');
    expect(read.version).toBe(created.version);
    const at = (version: string) => (current: string) => current === version;

    // Two leads edit from the version both read: the first applies, the second is stale.
    const first = await service.actVersioned(
      lead,
      'acme',
      'r1',
      { action: 'edit', title: 'March (first)' },
      at(read.version),
    );
    expect(first.view.title).toBe('March (first)');
    expect(first.version).not.toBe(read.version);
    await expect(
      service.actVersioned(lead, 'acme', 'r1', { action: 'edit', itemIds: [pdf.id, archive.id] }, at(read.version)),
    ).rejects.toMatchObject({ kind: 'stale' });
    expect(await service.get(lead, 'acme', 'r1')).toMatchObject({ title: 'March (first)', itemIds: [pdf.id] });

    // The version the first edit answered is current: an edit from it applies and answers a new one.
    const second = await service.actVersioned(
      lead,
      'acme',
      'r1',
      { action: 'edit', title: 'March (second)' },
      at(first.version),
    );
    expect(second.view.title).toBe('March (second)');
    expect((await service.getVersioned(lead, 'acme', 'r1')).version).toBe(second.version);

    // Any action is conditional: a stale proposal sends nothing to the approvers.
    await expect(
      service.actVersioned(lead, 'acme', 'r1', { action: 'propose' }, at(first.version)),
    ).rejects.toMatchObject({ kind: 'stale' });
    expect((await service.get(lead, 'acme', 'r1')).status).toBe('draft');
    expect(await events()).toEqual([]);
  });

  it('refuses the later of two concurrent edits from the same version instead of overwriting the first', async () => {
    const { service, pdf } = await setUp();
    const { version } = await service.createVersioned(lead, 'acme', { title: 'March', window, itemIds: [pdf.id] });
    const results = await Promise.allSettled(
      ['March (Ann)', 'March (Bo)'].map((title) =>
        service.actVersioned(lead, 'acme', 'r1', { action: 'edit', title }, (current) => current === version),
      ),
    );
    const applied = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(applied).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ kind: 'stale' });
    expect((await service.get(lead, 'acme', 'r1')).title).toBe(applied[0]?.view.title);
  });

  it('lets approvers read (no drafts) and answer; requesters, engineers and other tenants may not', async () => {
    const { service, pdf } = await setUp();
    await service.create(lead, 'acme', { title: 'March', window, itemIds: [pdf.id] });
    expect(await service.list(approver, 'acme')).toEqual([]);
    expect(await captured(service.get(approver, 'acme', 'r1'))).toMatchObject({ kind: 'not-found' });
    expect(await captured(service.act(engineer, 'acme', 'r1', { action: 'propose' }))).toMatchObject({
      kind: 'forbidden',
    });
    await service.act(lead, 'acme', 'r1', { action: 'propose' });
    expect((await service.list(approver, 'acme')).map((r) => r.id)).toEqual(['r1']);
    expect(await captured(service.list(requester, 'acme'))).toMatchObject({ kind: 'forbidden' });
    expect(await captured(service.act(requester, 'acme', 'r1', { action: 'approve' }))).toMatchObject({
      kind: 'forbidden',
    });
    expect(await captured(service.act(otherApprover, 'acme', 'r1', { action: 'approve' }))).toMatchObject({
      kind: 'not-found',
    });
    expect(await captured(service.get(otherApprover, 'acme', 'r1'))).toMatchObject({ kind: 'not-found' });
    // Approving is the client's decision: staff cannot take it for them.
    expect(await captured(service.act(lead, 'acme', 'r1', { action: 'approve' }))).toMatchObject({
      kind: 'forbidden',
    });
    expect(await captured(service.act(approver, 'acme', 'r1', { action: 'complete', notes: 'x' }))).toMatchObject({
      kind: 'forbidden',
    });
  });
});

async function captured(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
