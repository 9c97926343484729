import { describe, expect, it } from 'vitest';
import { TableReportTickets } from '../../src/adapters/tables/table-report-tickets';
import { TableTicketStore } from '../../src/adapters/tables/table-ticket-store';
import type { Ticket } from '../../src/domain/tickets/ticket';
import type { ReportTicketSource } from '../../src/ports/report-ticket-source';
import type { StoredTicket, TicketStore } from '../../src/ports/ticket-store';
import { onAzuriteTables } from '../support/azurite-tables';
import { InMemoryReportTickets } from '../support/in-memory/in-memory-report-tickets';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { createTestTicket } from '../support/test-tickets';

/**
 * The ReportTicketSource contract, run against `TableReportTickets` on Azurite (the receipt index
 * `TableTicketStore` writes with each ticket) and the in-memory source the SLA report tests use, each
 * over the tickets its TicketStore holds. Each case uses clients of its own.
 */
interface Stores {
  readonly tickets: TicketStore;
  readonly source: ReportTicketSource;
}

const create = (tickets: TicketStore, clientId: string, receivedAt: string): Promise<StoredTicket> =>
  createTestTicket(tickets, clientId, {
    receivedAt,
    title: `received ${receivedAt}`,
    severity: 'cat3',
    reporter: 'jo@acme.test',
    position: (number) => `o|1|${receivedAt}|${number}`,
  });

const november = [Date.parse('2026-11-01T00:00:00.000Z'), Date.parse('2026-12-01T00:00:00.000Z')] as const;

function contract(name: string, stores: () => Stores): void {
  describe(`ReportTicketSource contract: ${name}`, () => {
    it('finds exactly the tickets received in the period, including one numbered late but received early', async () => {
      const { tickets, source } = stores();
      // Oct 31 23:59 and Dec 1 00:00 London (= UTC in winter) fall just outside November.
      await create(tickets, 'acme', '2026-10-31T23:59:59.000Z');
      const inside = await Promise.all(
        Array.from({ length: 45 }, (_, i) =>
          create(tickets, 'acme', `2026-11-${String(2 + (i % 27)).padStart(2, '0')}T10:00:00.000Z`),
        ),
      );
      await create(tickets, 'acme', '2026-12-01T00:00:00.000Z');
      await create(tickets, 'other', '2026-11-10T10:00:00.000Z');
      // Raised on the client's behalf later, with the receipt time of the phone call in November.
      const backdated = await create(tickets, 'acme', '2026-11-01T00:00:00.000Z');
      const found = await source.receivedBetween('acme', ...november);
      expect(found.map((t) => t.id).sort()).toEqual([...inside, backdated].map((s) => s.ticket.id).sort());
      expect(await source.receivedBetween('nobody', ...november)).toEqual([]);
    });

    it('finds tickets received in number order by the hour, exactly at the period boundaries', async () => {
      const { tickets, source } = stores();
      // One after another, each received later than the last: no ticket is out of order.
      const instants = [
        '2026-10-31T22:10:00.000Z',
        '2026-10-31T23:59:59.999Z',
        '2026-11-01T00:00:00.000Z',
        '2026-11-01T00:40:00.000Z',
        '2026-11-01T03:00:00.000Z',
        '2026-11-15T12:00:00.000Z',
        '2026-11-15T12:30:00.000Z',
        '2026-11-30T23:59:59.999Z',
        '2026-12-01T00:00:00.000Z',
        '2026-12-01T00:20:00.000Z',
        '2026-12-03T09:00:00.000Z',
      ];
      const created: StoredTicket[] = [];
      for (const receivedAt of instants) created.push(await create(tickets, 'ordered', receivedAt));
      const ids = (list: readonly { id: string }[]) => list.map((t) => t.id);
      expect(ids(await source.receivedBetween('ordered', ...november))).toEqual(
        ids(created.slice(2, 8).map((s) => s.ticket)),
      );
      // Bounds inside an hour, and a period after the last ticket.
      const within = await source.receivedBetween(
        'ordered',
        Date.parse('2026-11-15T12:10:00.000Z'),
        Date.parse('2026-11-15T12:40:00.000Z'),
      );
      expect(ids(within)).toEqual([created[6]!.ticket.id]);
      expect(
        ids(
          await source.receivedBetween(
            'ordered',
            Date.parse('2026-12-01T00:00:00.000Z'),
            Date.parse('2027-01-01T00:00:00.000Z'),
          ),
        ),
      ).toEqual(ids(created.slice(8).map((s) => s.ticket)));
      expect(
        await source.receivedBetween(
          'ordered',
          Date.parse('2026-12-04T00:00:00.000Z'),
          Date.parse('2027-01-01T00:00:00.000Z'),
        ),
      ).toEqual([]);
    });

    it('finds a ticket received out of order among tickets received in order', async () => {
      const { tickets, source } = stores();
      const first = await create(tickets, 'mixed', '2026-11-29T10:00:00.000Z');
      await create(tickets, 'mixed', '2026-12-01T10:00:00.000Z');
      // Recorded in December for a call on November 30; then December goes on.
      const late = await create(tickets, 'mixed', '2026-11-30T16:00:00.000Z');
      await create(tickets, 'mixed', '2026-12-01T11:00:00.000Z');
      const found = await source.receivedBetween('mixed', ...november);
      expect(found.map((t) => t.id)).toEqual([first.ticket.id, late.ticket.id]);
    });

    it('gives each ticket as last written (severity, clocks), not as created', async () => {
      const { tickets, source } = stores();
      const stored = await create(tickets, 'later', '2026-11-20T10:00:00.000Z');
      const clocks: Ticket['clocks'] = {
        ...stored.ticket.clocks,
        assess: { startedAt: '2026-11-20T10:00:00.000Z', pauses: [], stoppedAt: '2026-11-20T11:00:00.000Z' },
      };
      await tickets.update(stored, { ...stored.ticket, severity: 'cat1', clocks }, [], stored.position!);
      const [found] = await source.receivedBetween('later', ...november);
      expect(found).toMatchObject({ id: 'LATER-1', severity: 'cat1', receivedAt: '2026-11-20T10:00:00.000Z', clocks });
    });
  });
}

const table = onAzuriteTables((tables): Stores => ({
  tickets: new TableTicketStore(tables.tickets),
  source: new TableReportTickets(tables.tickets),
}));

const memoryTickets = new InMemoryTicketStore();
contract('in memory', () => ({ tickets: memoryTickets, source: new InMemoryReportTickets(memoryTickets) }));
contract('table', table);
