import { describe, expect, it } from 'vitest';
import { TableOutbox } from '../../../src/adapters/tables/table-outbox';
import { toJsonColumns } from '../../../src/adapters/tables/json-columns';
import { TableTicketStore } from '../../../src/adapters/tables/table-ticket-store';
import { createTestTicket } from '../../support/test-tickets';
import { useTicketsTable } from '../../support/tickets-table';

const tickets = useTicketsTable();

async function createTickets(clientId: string, count: number): Promise<void> {
  const store = new TableTicketStore(tickets.table());
  for (let i = 0; i < count; i++) await createTestTicket(store, clientId, { title: `t${i}`, severity: 's' });
}

async function outboxRows(clientId: string): Promise<string[]> {
  const rows: string[] = [];
  for await (const e of tickets
    .table()
    .listEntities({ queryOptions: { filter: `PartitionKey eq '${clientId}' and kind eq 'outbox'` } }))
    rows.push(e.rowKey ?? '');
  return rows;
}

describe('TableOutbox on Azurite', () => {
  it('reads the pending entries of several tickets of a client in one go, only those asked for', async () => {
    await createTickets('pf-a', 6);
    await createTickets('pf-b', 2);
    const outbox = new TableOutbox(tickets.table(), tickets.table());
    const entries = await outbox.pendingForTickets('pf-a', [5, 2, 4]);
    expect(entries.map((e) => e.event.id)).toEqual(['PF-A-2.1', 'PF-A-4.1', 'PF-A-5.1']);
    expect(await outbox.pendingForTickets('pf-b', [])).toEqual([]);
    expect((await outbox.pendingForTickets('pf-b', [1, 2, 3])).map((e) => e.ticketNumber)).toEqual([1, 2]);
  });

  it('removes many tickets’ entries of several clients at once, past the 100 rows of one transaction', async () => {
    await createTickets('rm-a', 120);
    await createTickets('rm-b', 3);
    const outbox = new TableOutbox(tickets.table(), tickets.table());
    const entries = [
      ...(await outbox.pendingForTickets(
        'rm-a',
        Array.from({ length: 120 }, (_, i) => i + 1),
      )),
      ...(await outbox.pendingForTickets('rm-b', [1, 2, 3])),
    ];
    expect(entries).toHaveLength(123);
    await outbox.remove(entries);
    expect(await outboxRows('rm-a')).toEqual([]);
    expect(await outboxRows('rm-b')).toEqual([]);
  });

  it('takes entries already removed by someone else in its stride, and removes the rest', async () => {
    await createTickets('rm-c', 5);
    const outbox = new TableOutbox(tickets.table(), tickets.table());
    const entries = await outbox.pendingForTickets('rm-c', [1, 2, 3, 4, 5]);
    await outbox.remove(entries.slice(1, 3));
    expect(await outboxRows('rm-c')).toHaveLength(3);
    await outbox.remove(entries);
    expect(await outboxRows('rm-c')).toEqual([]);
  });

  it('relays an entry written before the timeline moved into the outbox (a CloudEvent beside its timeline row) without doubling the event', async () => {
    await createTickets('legacy', 1);
    const store = new TableTicketStore(tickets.table());
    const outbox = new TableOutbox(tickets.table(), tickets.table());
    // As a create wrote before 2026-12-03: the timeline row, and an outbox twin holding only the CloudEvent.
    const [entry] = await outbox.pendingForTickets('legacy', [1]);
    await outbox.remove([entry!]);
    const { timelineEvent: _moved, ...cloudEventOnly } = entry!;
    await tickets.table().createEntity({
      partitionKey: 'legacy',
      rowKey: 'o|0000000001|000001',
      kind: 'outbox',
      eventType: 'ticket.created',
      ...toJsonColumns(cloudEventOnly.event),
    });
    const [legacy] = await outbox.pendingForTickets('legacy', [1]);
    expect(legacy).toEqual(cloudEventOnly);
    expect((await store.timeline('legacy', 1)).map((e) => e.seq)).toEqual([1]);
    await outbox.remove([legacy!]);
    expect(await outboxRows('legacy')).toEqual([]);
    expect((await store.timeline('legacy', 1)).map((e) => e.seq)).toEqual([1]);
  });
});
