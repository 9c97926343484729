import { odata, type TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { receiptIndexActions } from '../../../src/adapters/tables/receipt-index';
import { TableReportTickets } from '../../../src/adapters/tables/table-report-tickets';
import { TableTicketStore } from '../../../src/adapters/tables/table-ticket-store';
import { ticketRowKeys as keys } from '../../../src/adapters/tables/ticket-row-keys';
import { newTicket, type Ticket } from '../../../src/domain/tickets/ticket';
import { onAzuriteTables } from '../../support/azurite-tables';
import { createTestTicket } from '../../support/test-tickets';

const ticket = (number: number, receivedAt: string): Ticket =>
  newTicket({
    clientId: 'acme',
    ticketPrefix: 'ACME',
    number,
    title: 't',
    description: 'd',
    severity: 'cat2',
    type: 'defect',
    reporter: 'r@x.test',
    receivedAt,
  });

const rowKeys = (actions: ReturnType<typeof receiptIndexActions>['actions']) =>
  actions.map((action) => (action[1] as { rowKey: string }).rowKey);

describe('receipt index rows', () => {
  it('writes a receipt row for the first ticket and for one received out of order, an hour marker for the first in order of each hour, and nothing else', () => {
    const { actions, after } = receiptIndexActions(
      [
        ticket(1, '2026-12-02T14:00:05.000Z'),
        ticket(2, '2026-12-02T14:10:00.000Z'),
        ticket(3, '2026-12-02T14:20:00.000Z'),
        ticket(4, '2026-12-02T15:00:00.000Z'),
        ticket(5, '2026-12-01T09:00:00.000Z'),
        ticket(6, '2026-12-02T15:30:00.000Z'),
      ],
      {},
    );
    expect(rowKeys(actions)).toEqual([
      keys.received('2026-12-02T14:00:05.000Z', 1),
      keys.receivedHour('2026-12-02T14', 2),
      keys.receivedHour('2026-12-02T15', 4),
      keys.received('2026-12-01T09:00:00.000Z', 5),
    ]);
    expect(after).toEqual({
      receivedUpTo: '2026-12-02T15:30:00.000Z',
      receivedUpToNumber: 6,
      receiptHour: '2026-12-02T15',
    });
  });

  it('goes on from the state the counter row carries', () => {
    const { actions, after } = receiptIndexActions(
      [ticket(7, '2026-12-02T15:45:00.000Z'), ticket(8, '2026-12-02T15:40:00.000Z')],
      {
        receivedUpTo: '2026-12-02T15:30:00.000Z',
        receiptHour: '2026-12-02T15',
      },
    );
    expect(rowKeys(actions)).toEqual([keys.received('2026-12-02T15:40:00.000Z', 8)]);
    expect(after).toEqual({
      receivedUpTo: '2026-12-02T15:45:00.000Z',
      receivedUpToNumber: 7,
      receiptHour: '2026-12-02T15',
    });
  });
});

const azurite = onAzuriteTables((tables) => tables);

describe('receipt index in the tickets table', () => {
  it('on a partition written before it, still finds the tickets that have a receipt row each, and those created after them', async () => {
    const tables = azurite();
    const store = new TableTicketStore(tables.tickets);
    const old = [];
    for (const receivedAt of ['2026-11-02T10:00:00.000Z', '2026-11-02T10:30:00.000Z', '2026-11-03T08:00:00.000Z']) {
      old.push(await createTestTicket(store, 'legacy', { receivedAt }));
    }
    // Turn the partition into what the store wrote before 2026-12: a receipt row for every ticket, no
    // hour markers, a counter without the index's state.
    for await (const marker of tables.tickets.listEntities({
      queryOptions: {
        filter: odata`PartitionKey eq 'legacy' and RowKey ge ${keys.receivedHours.from} and RowKey lt ${keys.receivedHours.to}`,
      },
    })) {
      await tables.tickets.deleteEntity('legacy', marker.rowKey!);
    }
    for (const stored of old) {
      await tables.tickets.upsertEntity(
        {
          partitionKey: 'legacy',
          rowKey: keys.received(stored.ticket.receivedAt, stored.ticket.number),
          kind: 'received',
          number: stored.ticket.number,
        },
        'Replace',
      );
    }
    await tables.tickets.upsertEntity({ partitionKey: 'legacy', rowKey: keys.counter, next: 4 }, 'Replace');

    // A store started afresh (no cached counter) goes on from there.
    const upgraded = new TableTicketStore(tables.tickets);
    const later = [];
    for (const receivedAt of ['2026-11-03T09:00:00.000Z', '2026-11-03T09:15:00.000Z', '2026-11-04T12:00:00.000Z']) {
      later.push(await createTestTicket(upgraded, 'legacy', { receivedAt }));
    }
    const found = await new TableReportTickets(tables.tickets).receivedBetween(
      'legacy',
      Date.parse('2026-11-01T00:00:00.000Z'),
      Date.parse('2026-12-01T00:00:00.000Z'),
    );
    expect(found.map((t) => t.id)).toEqual([...old, ...later].map((s) => s.ticket.id));
    const noon = await new TableReportTickets(tables.tickets).receivedBetween(
      'legacy',
      Date.parse('2026-11-03T09:10:00.000Z'),
      Date.parse('2026-11-05T00:00:00.000Z'),
    );
    expect(noon.map((t) => t.id)).toEqual(later.slice(1).map((s) => s.ticket.id));
  });

  it('writes one row fewer per ticket received in order than before', async () => {
    const tables = azurite();
    const store = new TableTicketStore(tables.tickets);
    for (let minute = 0; minute < 20; minute++) {
      await createTestTicket(store, 'count', {
        receivedAt: `2026-11-05T10:${String(minute).padStart(2, '0')}:00.000Z`,
      });
    }
    const index: string[] = [];
    for await (const row of tables.tickets.listEntities({
      queryOptions: { filter: odata`PartitionKey eq 'count' and RowKey ge 'r' and RowKey lt 's'` },
    }))
      index.push(row.rowKey!);
    // The first ticket's receipt row and the hour's marker (the second ticket's).
    expect(index.sort()).toEqual(
      [keys.received('2026-11-05T10:00:00.000Z', 1), keys.receivedHour('2026-11-05T10', 2)].sort(),
    );
  });

  it('does not read tickets numbered after the last one received in order (an import of older tickets)', async () => {
    const tables = azurite();
    const store = new TableTicketStore(tables.tickets);
    const november = [];
    for (const day of ['03', '10', '20'])
      november.push(await createTestTicket(store, 'import', { receivedAt: `2026-11-${day}T10:00:00.000Z` }));
    // A year of older tickets imported afterwards: numbered after November's, each with a receipt row.
    for (let i = 0; i < 20; i++)
      await createTestTicket(store, 'import', {
        receivedAt: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15T10:00:00.000Z`,
      });
    const { table: counting, ticketRowsRead } = countingTicketReads(tables.tickets);
    const found = await new TableReportTickets(counting).receivedBetween(
      'import',
      Date.parse('2026-11-01T00:00:00.000Z'),
      Date.parse('2026-12-01T00:00:00.000Z'),
    );
    expect(found.map((t) => t.id)).toEqual(november.map((s) => s.ticket.id));
    expect(ticketRowsRead()).toBe(3);
  });

  it('reads a ticket received out of order inside the in-order range once, with that range', async () => {
    const tables = azurite();
    const store = new TableTicketStore(tables.tickets);
    const first = await createTestTicket(store, 'inside', { receivedAt: '2026-11-03T10:00:00.000Z' });
    const second = await createTestTicket(store, 'inside', { receivedAt: '2026-11-10T10:00:00.000Z' });
    // Received before the second, numbered after it: a receipt row, and a number inside the range.
    const late = await createTestTicket(store, 'inside', { receivedAt: '2026-11-05T10:00:00.000Z' });
    const fourth = await createTestTicket(store, 'inside', { receivedAt: '2026-11-20T10:00:00.000Z' });
    const { table: counting, ticketRowsRead } = countingTicketReads(tables.tickets);
    const found = await new TableReportTickets(counting).receivedBetween(
      'inside',
      Date.parse('2026-11-01T00:00:00.000Z'),
      Date.parse('2026-12-01T00:00:00.000Z'),
    );
    expect(found.map((t) => t.id)).toEqual([first, second, late, fourth].map((s) => s.ticket.id));
    expect(ticketRowsRead()).toBe(4);
  });
});

/** The table, counting the ticket rows read through `listEntities` (what a report reads). */
function countingTicketReads(table: TableClient): { table: TableClient; ticketRowsRead: () => number } {
  let read = 0;
  const counting = new Proxy(table, {
    get(target, property, receiver) {
      if (property !== 'listEntities') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<typeof target.listEntities>) => {
        const rows = target.listEntities(...args);
        const count = async function* () {
          for await (const row of rows) {
            if (row.kind === 'ticket') read++;
            yield row;
          }
        };
        return Object.assign(count(), { byPage: rows.byPage.bind(rows) });
      };
    },
  });
  return { table: counting, ticketRowsRead: () => read };
}
