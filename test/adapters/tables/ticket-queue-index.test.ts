import { describe, expect, it } from 'vitest';
import { TableTicketStore } from '../../../src/adapters/tables/table-ticket-store';
import { ticketEntity } from '../../../src/adapters/tables/ticket-entities';
import { newTicket, type Ticket } from '../../../src/domain/tickets/ticket';
import { VersionConflictError, type CreateTicketCommand, type StoredTicket } from '../../../src/ports/ticket-store';
import { loosePendingEvent } from '../../support/loose-event';
import { useTicketsTable } from '../../support/tickets-table';

const tickets = useTicketsTable();
const at = '2026-11-23T10:00:00.000Z';
const pad = (n: number) => String(n).padStart(10, '0');
const due = (hour: number, n: number) => `o|0|2026-11-23T${String(hour).padStart(2, '0')}:00:00.000Z|${pad(n)}`;

const command = (clientId: string, position: (n: number) => string, reporter = 'r@x.test'): CreateTicketCommand => ({
  clientId,
  build: (number) => ({
    ticket: newTicket({
      clientId,
      ticketPrefix: clientId.toUpperCase(),
      number,
      title: 't',
      description: 'd',
      severity: 's',
      type: 'defect',
      reporter,
      receivedAt: at,
    }),
    events: [loosePendingEvent({ type: 'ticket.created', at, actor: reporter, data: {} })],
    position: position(number),
  }),
});

async function queueRows(
  clientId: string,
): Promise<{ rowKey: string; number: number; status: string; assignee: string }[]> {
  const rows = [];
  for await (const e of tickets.table().listEntities<{ number: number; status: string; assignee: string }>({
    queryOptions: { filter: `PartitionKey eq '${clientId}' and RowKey ge 'q|' and RowKey lt 'q}'` },
  })) {
    rows.push({ rowKey: e.rowKey ?? '', number: e.number, status: e.status, assignee: e.assignee });
  }
  return rows;
}

async function created(store: TableTicketStore, cmd: CreateTicketCommand): Promise<StoredTicket> {
  const outcome = await store.create(cmd);
  if (outcome.kind !== 'created') throw new Error('not created');
  return outcome.stored;
}

describe('the queue index in the tickets table', () => {
  it('writes the queue row with the ticket, and moves it (old row deleted, new written) in the same transaction as a change', async () => {
    const store = new TableTicketStore(tickets.table());
    const stored = await created(
      store,
      command('move', (n) => due(11, n)),
    );
    expect(await queueRows('move')).toEqual([{ rowKey: `q|${due(11, 1)}`, number: 1, status: 'new', assignee: '' }]);
    expect((await store.get('move', 1))?.position).toBe(due(11, 1));

    const assigned: Ticket = { ...stored.ticket, status: 'in-progress', assignee: 'eng@desk.test' };
    const moved = await store.update(
      stored,
      assigned,
      [loosePendingEvent({ type: 'ticket.assigned', at, actor: 'x', data: {} })],
      due(14, 1),
    );
    expect(await queueRows('move')).toEqual([
      { rowKey: `q|${due(14, 1)}`, number: 1, status: 'in-progress', assignee: 'eng@desk.test' },
    ]);

    // A change refused for a stale version writes nothing: the row stays where the committed ticket says.
    await expect(
      store.update(stored, { ...stored.ticket, status: 'closed' }, [], `x|closed|${pad(9_999_999_998)}`),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect((await queueRows('move')).map((r) => r.rowKey)).toEqual([`q|${due(14, 1)}`]);

    // Same position: the row is replaced in place with what filters look at.
    await store.update(moved.stored, { ...moved.stored.ticket, assignee: 'other@desk.test' }, [], due(14, 1));
    expect(await queueRows('move')).toEqual([
      { rowKey: `q|${due(14, 1)}`, number: 1, status: 'in-progress', assignee: 'other@desk.test' },
    ]);
    // The row carries the ticket as committed with it: a page needs no read of the ticket rows.
    const [row] = await store.queue({ clientId: 'move', range: { from: 'o|', to: 'o}' }, limit: 5 });
    expect(row?.ticket).toEqual((await store.get('move', 1))?.ticket);
  });

  it('reads a range in position order after a cursor, filtered by status, assignee and reporter', async () => {
    const store = new TableTicketStore(tickets.table());
    for (const hour of [15, 9, 12, 9])
      await created(
        store,
        command('range', (n) => due(hour, n), hour === 12 ? 'me@x.test' : 'r@x.test'),
      );
    const first = await created(
      store,
      command('range', (n) => `x|closed|${pad(9_999_999_999 - n)}`),
    );
    expect(first.ticket.number).toBe(5);
    const open = { from: 'o|', to: 'o}' };
    const all = await store.queue({ clientId: 'range', range: open, limit: 10 });
    expect(all.map((r) => r.number)).toEqual([2, 4, 3, 1]);
    expect((await store.queue({ clientId: 'range', range: open, limit: 2 })).map((r) => r.number)).toEqual([2, 4]);
    expect(
      (
        await store.queue({
          clientId: 'range',
          range: open,
          after: { position: due(9, 4), inclusive: false },
          limit: 10,
        })
      ).map((r) => r.number),
    ).toEqual([3, 1]);
    expect(
      (
        await store.queue({
          clientId: 'range',
          range: open,
          after: { position: due(9, 4), inclusive: true },
          limit: 10,
        })
      ).map((r) => r.number),
    ).toEqual([4, 3, 1]);
    expect(
      (await store.queue({ clientId: 'range', range: open, reporter: 'me@x.test', limit: 10 })).map((r) => r.number),
    ).toEqual([3]);
    expect(await store.queue({ clientId: 'range', range: { ...open, statuses: ['in-progress'] }, limit: 10 })).toEqual(
      [],
    );
    expect(
      (await store.queue({ clientId: 'range', range: { from: 'x|closed|', to: 'x|closed}' }, limit: 10 })).map(
        (r) => r.number,
      ),
    ).toEqual([5]);
    expect(await store.queue({ clientId: 'range', range: open, assignee: 'eng@desk.test', limit: 10 })).toEqual([]);
  });

  it('leaves exactly one row per ticket when two processes change the same ticket at once', async () => {
    const a = new TableTicketStore(tickets.table());
    const b = new TableTicketStore(tickets.table());
    await created(
      a,
      command('race', (n) => due(10, n)),
    );
    for (let round = 0; round < 5; round++) {
      const [ra, rb] = await Promise.all([a.get('race', 1), b.get('race', 1)]);
      const results = await Promise.allSettled([
        a.update(ra!, { ...ra!.ticket, title: `a${round}` }, [], due(12 + round, 1)),
        b.update(rb!, { ...rb!.ticket, title: `b${round}` }, [], due(18 - round, 1)),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const current = await a.get('race', 1);
      expect((await queueRows('race')).map((r) => r.rowKey)).toEqual([`q|${current?.position}`]);
    }
  });

  it('backfills a ticket written before the index: listed as unindexed, indexed under its version, then marked', async () => {
    const store = new TableTicketStore(tickets.table());
    const legacy = newTicket({
      clientId: 'legacy',
      ticketPrefix: 'LEG',
      number: 1,
      title: 't',
      description: 'd',
      severity: 's',
      type: 'defect',
      reporter: 'r@x.test',
      receivedAt: at,
    });
    await tickets.table().createEntity(ticketEntity(legacy, undefined));
    expect(await store.queueIndexed('legacy')).toBe(false);
    const [found] = await store.unindexed('legacy');
    expect(found?.position).toBeUndefined();
    const indexed = await store.index(found!, due(11, 1));
    await expect(store.index(found!, due(11, 1))).rejects.toBeInstanceOf(VersionConflictError);
    expect(await store.unindexed('legacy')).toEqual([]);
    expect((await queueRows('legacy')).map((r) => r.rowKey)).toEqual([`q|${due(11, 1)}`]);
    await store.update(indexed, { ...indexed.ticket, status: 'closed' }, [], `x|closed|${pad(9_999_999_998)}`);
    expect((await queueRows('legacy')).map((r) => r.rowKey)).toEqual([`q|x|closed|${pad(9_999_999_998)}`]);
    await store.markQueueIndexed('legacy');
    expect(await new TableTicketStore(tickets.table()).queueIndexed('legacy')).toBe(true);
  });

  it('group-commits up to 16 creates per transaction with their queue rows (100 operations at most)', async () => {
    const store = new TableTicketStore(tickets.table());
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.create({
          ...command('burst', (n) => due(10, n)),
          idempotency: { key: `k${i}`, fingerprint: 'f', response: () => ({}) },
        }),
      ),
    );
    expect(outcomes.every((o) => o.kind === 'created')).toBe(true);
    expect((await queueRows('burst')).map((r) => r.number).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });
});
