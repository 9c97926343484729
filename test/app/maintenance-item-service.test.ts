import { describe, expect, it } from 'vitest';
import { inMemoryClientService } from '../support/in-memory/in-memory-services';
import { MaintenanceItemService } from '../../src/app/maintenance-item-service';
import type { Principal } from '../../src/app/principal';
import type { CloudEvent } from '../../src/domain/events/cloud-event';
import { newTicket, type Ticket } from '../../src/domain/tickets/ticket';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryMaintenanceItems } from '../support/in-memory/in-memory-maintenance-items';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

const clock: Clock = { now: () => new Date('2027-03-01T09:00:00Z') };
const lead: Principal = { kind: 'staff', email: 'lead@desk.example', name: 'Lee', roles: ['lead'] };

async function setUp() {
  const clients = new InMemoryClientStore();
  const tickets = new InMemoryTicketStore();
  const items = new InMemoryMaintenanceItems();
  for (const [id, prefix] of [
    ['acme', 'ACME'],
    ['other', 'OTHER'],
  ] as const) {
    await inMemoryClientService(clients, clock).putClient(
      id,
      clientBodySchema.parse({ ...contractClient(), ticketPrefix: prefix }),
    );
  }
  const service = new MaintenanceItemService(clients, tickets, items, clock);
  /** A closed ticket with follow-ups, as the `follow-up` action leaves it. */
  const closedWith = async (clientId: string, prefix: string, tasks: string[]): Promise<Ticket> => {
    const outcome = await tickets.create({
      clientId,
      build: (number) => ({
        ticket: {
          ...newTicket({
            clientId,
            ticketPrefix: prefix,
            number,
            title: 'Invoices fail',
            description: 'd',
            severity: 'cat2',
            type: 'defect',
            reporter: 'jo@acme.example',
            receivedAt: '2027-02-01T09:00:00.000Z',
          }),
          status: 'closed',
          followUps: tasks.map((task) => ({ task, by: 'eng@desk.example', at: '2027-02-10T09:00:00.000Z' })),
        },
        events: [],
        position: `x|closed|${number}`,
      }),
    });
    if (outcome.kind !== 'created') throw new Error('not created');
    return outcome.stored.ticket;
  };
  return { service, closedWith, items };
}

const followUpEvent = (ticketId: string): CloudEvent =>
  ({ type: 'ticket.follow-up-recorded', subject: ticketId }) as unknown as CloudEvent;

describe('MaintenanceItemService', () => {
  it('carries follow-ups recorded before items existed over once, one item each', async () => {
    const { service, closedWith } = await setUp();
    const ticket = await closedWith('acme', 'ACME', ['Upgrade the PDF library', 'Archive old invoices']);
    const first = await service.list(lead, 'acme');
    expect(first.map((i) => [i.id, i.title, i.status, i.billing, i.sourceTicketId])).toEqual([
      ['fu-acme-1-1', 'Upgrade the PDF library', 'proposed', 'hour-bank', ticket.id],
      ['fu-acme-1-2', 'Archive old invoices', 'proposed', 'hour-bank', ticket.id],
    ]);
    expect(first[0]!.description).toContain('Follow-up of ACME-1 (Invoices fail).');
    expect(await service.list(lead, 'acme')).toHaveLength(2);
  });

  it('turns a recorded follow-up into its item from the event, once however often it is delivered', async () => {
    const { service, closedWith } = await setUp();
    await service.carryOver('acme'); // nothing yet
    const ticket = await closedWith('acme', 'ACME', ['Upgrade the PDF library']);
    expect(await service.fromEvent(followUpEvent(ticket.id))).toBe(1);
    expect(await service.fromEvent(followUpEvent(ticket.id))).toBe(0);
    expect((await service.list(lead, 'acme')).map((i) => i.id)).toEqual(['fu-acme-1-1']);
  });

  it('lets staff add items, approvers read them, and hides them from everyone else', async () => {
    const { service, closedWith } = await setUp();
    const own = await closedWith('acme', 'ACME', []);
    const foreign = await closedWith('other', 'OTHER', []);
    const added = await service.add(lead, 'acme', {
      title: 'Move to .NET 10',
      estimateHours: 12.5,
      billing: 'quote',
      sourceTicketId: own.id,
    });
    expect(added).toMatchObject({ status: 'proposed', billing: 'quote', estimateHours: 12.5, createdBy: lead.email });
    await expect(
      service.add(lead, 'acme', { title: 'x', billing: 'hour-bank', sourceTicketId: foreign.id }),
    ).rejects.toMatchObject({ kind: 'invalid', field: 'sourceTicketId' });
    const approver: Principal = {
      kind: 'contact',
      email: 'boss@acme.example',
      name: 'Boss',
      memberships: [{ clientId: 'acme', roles: ['approver'] }],
    };
    expect((await service.list(approver, 'acme')).map((i) => i.title)).toEqual(['Move to .NET 10']);
    await expect(service.add(approver, 'acme', { title: 'x', billing: 'hour-bank' })).rejects.toMatchObject({
      kind: 'not-found',
    });
    const requester: Principal = { ...approver, memberships: [{ clientId: 'acme', roles: ['requester'] }] };
    await expect(service.list(requester, 'acme')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service.list(approver, 'other')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
