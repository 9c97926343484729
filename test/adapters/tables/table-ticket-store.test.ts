import { describe, expect, it } from 'vitest';
import { TableOutbox } from '../../../src/adapters/tables/table-outbox';
import { TableTicketStore } from '../../../src/adapters/tables/table-ticket-store';
import { VersionConflictError, type CreateTicketCommand } from '../../../src/ports/ticket-store';
import { useTicketsTable } from '../../support/tickets-table';
import { testTicketCommand } from '../../support/test-tickets';

const tickets = useTicketsTable();

const noClock = (number: number) => `o|1|2026-11-23T10:00:00.000Z|${String(number).padStart(10, '0')}`;

const command = (clientId: string, title = 'x', idempotencyKey?: string): CreateTicketCommand => ({
  ...testTicketCommand(clientId, { title, severity: 's', position: noClock, eventData: { title } }),
  ...(idempotencyKey
    ? { idempotency: { key: idempotencyKey, fingerprint: title, response: (t) => ({ id: t.id }) } }
    : {}),
});

describe('TableTicketStore on Azurite', () => {
  it('numbers 100 concurrent creates 1..100 with no gap or duplicate', async () => {
    const store = new TableTicketStore(tickets.table());
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => store.create(command('conc', `t${i}`))));
    const numbers = outcomes.map((o) => (o.kind === 'created' ? o.stored.ticket.number : -1)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect((await store.list({ clientId: 'conc' })).length).toBe(100);
  });

  it('keeps numbers unique when two processes (two stores) create at once, through the ETag', async () => {
    const a = new TableTicketStore(tickets.table());
    const b = new TableTicketStore(tickets.table());
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).create(command('twoproc', `t${i}`))),
    );
    const numbers = outcomes.map((o) => (o.kind === 'created' ? o.stored.ticket.number : -1)).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('puts a request made as an answer arrives into the next transaction, with the request that waited', async () => {
    const table = tickets.table();
    let transactions = 0;
    table.pipeline.addPolicy({
      name: 'count-transactions',
      sendRequest: (request, next) => {
        if (request.url.endsWith('/$batch')) transactions += 1;
        return next(request);
      },
    });
    try {
      const store = new TableTicketStore(table);
      const first = store.create(command('follow', 'a'));
      // The first group (a) is on its way once its turn of the event loop has passed; b waits for it.
      await new Promise((resolve) => setImmediate(resolve));
      const waiting = store.create(command('follow', 'b'));
      // Like a client whose next request follows its answer at once.
      const following = first.then(() => store.create(command('follow', 'c')));
      const outcomes = await Promise.all([first, waiting, following]);
      expect(outcomes.map((o) => (o.kind === 'created' ? o.stored.ticket.number : -1))).toEqual([1, 2, 3]);
      expect(transactions).toBe(2);
    } finally {
      table.pipeline.removePolicy({ name: 'count-transactions' });
    }
  });

  it('writes the timeline event into the outbox, with the receipt index row, in the ticket’s transaction; publishing moves it to the timeline', async () => {
    const store = new TableTicketStore(tickets.table());
    const outcome = await store.create(command('outbox', 'first'));
    expect(outcome.kind).toBe('created');
    const rowKeys = async () => {
      const rows = [];
      for await (const e of tickets.table().listEntities({ queryOptions: { filter: "PartitionKey eq 'outbox'" } }))
        rows.push(e.rowKey);
      return rows.sort();
    };
    const ticketRows = [
      'counter',
      'q|o|1|2026-11-23T10:00:00.000Z|0000000001',
      'r|2026-11-23T10:00:00.000Z|0000000001',
      't|0000000001',
    ];
    expect(await rowKeys()).toEqual([...ticketRows.slice(0, 1), 'o|0000000001|000001', ...ticketRows.slice(1)]);
    const created = {
      seq: 1,
      type: 'ticket.created',
      at: '2026-11-23T10:00:00.000Z',
      actor: 'r@x.test',
      data: { title: 'first' },
    };
    expect(await store.timeline('outbox', 1)).toEqual([created]);
    expect(await store.timelinePage('outbox', 1, { after: 0, limit: 10 })).toEqual([created]);

    const outbox = new TableOutbox(tickets.table(), tickets.table());
    const pending = await outbox.pendingForTickets('outbox', [1]);
    expect(pending.map((e) => [e.event.id, e.event.type, e.event.data])).toEqual([
      ['OUTBOX-1.1', 'ticket.created', { ticketId: 'OUTBOX-1', title: 'first', status: 'new', actor: 'r@x.test' }],
    ]);
    await outbox.remove(pending);
    expect(await rowKeys()).toEqual([...ticketRows, 't|0000000001|e|000001']);
    expect(await store.timeline('outbox', 1)).toEqual([created]);
    expect(await outbox.pendingForTickets('outbox', [1])).toEqual([]);
  });

  it('reads a timeline whole and in pages while some of its events are still in the outbox', async () => {
    const store = new TableTicketStore(tickets.table());
    const outbox = new TableOutbox(tickets.table(), tickets.table());
    const first = await store.create(command('pages', 'p'));
    if (first.kind !== 'created') throw new Error('not created');
    const comment = (n: number) => ({
      type: 'ticket.commented' as const,
      at: '2026-11-23T10:00:00.000Z',
      actor: 'a',
      data: { text: `c${n}` },
    });
    const second = await store.update(
      first.stored,
      first.stored.ticket,
      [comment(2), comment(3)],
      first.stored.position!,
    );
    // Events 1–3 published and moved; 4 and 5 still waiting.
    await outbox.remove(await outbox.pendingForTickets('pages', [1]));
    await store.update(second.stored, second.stored.ticket, [comment(4), comment(5)], first.stored.position!);
    const seqs = (events: readonly { seq: number }[]) => events.map((e) => e.seq);
    expect(seqs(await store.timeline('pages', 1))).toEqual([1, 2, 3, 4, 5]);
    expect(seqs(await store.timelinePage('pages', 1, { after: 0, limit: 2 }))).toEqual([1, 2]);
    expect(seqs(await store.timelinePage('pages', 1, { after: 2, limit: 2 }))).toEqual([3, 4]);
    expect(seqs(await store.timelinePage('pages', 1, { after: 4, limit: 2 }))).toEqual([5]);
    // Moved twice (two relays): the event is there once.
    const waiting = await outbox.pendingForTickets('pages', [1]);
    await outbox.remove(waiting);
    await outbox.remove(waiting);
    expect(seqs(await store.timeline('pages', 1))).toEqual([1, 2, 3, 4, 5]);
  });

  it('misses no event that the relay moves to the timeline while the timeline is being read', async () => {
    const table = tickets.table();
    const store = new TableTicketStore(table);
    const outbox = new TableOutbox(table, table);
    await store.create(command('race', 'r'));
    let reads = 0;
    let moved = false;
    table.pipeline.addPolicy({
      name: 'move-between-reads',
      // The relay moves the event between the timeline's two reads (whichever place it reads first).
      sendRequest: async (request, next) => {
        if (
          !moved &&
          request.method === 'GET' &&
          decodeURIComponent(request.url).includes("PartitionKey eq 'race'") &&
          ++reads === 2
        ) {
          moved = true;
          await outbox.remove(await outbox.pendingForTickets('race', [1]));
        }
        return next(request);
      },
    });
    try {
      expect((await store.timeline('race', 1)).map((e) => e.seq)).toEqual([1]);
      expect(moved).toBe(true);
      expect(await outbox.pendingForTickets('race', [1])).toEqual([]);
    } finally {
      table.pipeline.removePolicy({ name: 'move-between-reads' });
    }
  });

  it('creates one ticket per idempotency key, even for concurrent retries', async () => {
    const store = new TableTicketStore(tickets.table());
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => store.create(command('idem', 'same', 'key-1'))),
    );
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    expect(
      outcomes
        .filter((o) => o.kind === 'replayed')
        .every((o) => o.kind === 'replayed' && o.record.ticketId === 'IDEM-1'),
    ).toBe(true);
    expect((await store.list({ clientId: 'idem' })).map((t) => t.number)).toEqual([1]);
  });

  it('refuses an update against a stale version, and numbers timeline events without gaps', async () => {
    const store = new TableTicketStore(tickets.table());
    await store.create(command('upd'));
    const read = await store.get('upd', 1);
    if (!read) throw new Error('missing');
    const first = await store.update(
      read,
      { ...read.ticket, title: 'one' },
      [{ type: 'ticket.commented', at: 'a', actor: 'x', data: { text: 'noted' } }],
      noClock(1),
    );
    expect(first.events[0]?.seq).toBe(2);
    await expect(store.update(read, { ...read.ticket, title: 'two' }, [], noClock(1))).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    const current = await store.get('upd', 1);
    expect(current?.ticket.title).toBe('one');
    expect((await store.timeline('upd', 1)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('stores documents larger than one table property', async () => {
    const store = new TableTicketStore(tickets.table());
    const big = 'é'.repeat(70_000);
    await store.create(command('big', big));
    expect((await store.get('big', 1))?.ticket.title).toBe(big);
  });
});
