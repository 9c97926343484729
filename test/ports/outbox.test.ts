import { describe, expect, it } from 'vitest';
import { TableClientStore } from '../../src/adapters/tables/table-client-store';
import { TableHourBankStore } from '../../src/adapters/tables/table-hour-bank-store';
import { TableOutbox } from '../../src/adapters/tables/table-outbox';
import { TableTicketStore } from '../../src/adapters/tables/table-ticket-store';
import { emptyHourBank, postToLedger } from '../../src/domain/hour-bank/hour-bank-ledger';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { ClientStore } from '../../src/ports/client-store';
import type { HourBankStore } from '../../src/ports/hour-bank-store';
import { hourBankOutboxNumber, type Outbox, type OutboxEntry } from '../../src/ports/outbox';
import type { StoredTicket, TicketStore } from '../../src/ports/ticket-store';
import { onAzuriteTables } from '../support/azurite-tables';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryHourBankStore } from '../support/in-memory/in-memory-hour-bank-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { loosePendingEvent } from '../support/loose-event';
import { createTestTicket } from '../support/test-tickets';

/**
 * The Outbox contract: what the ticket and hour-bank stores write with a change is what the outbox
 * hands the relay, in order, until removed. Run against `TableOutbox` on Azurite (over the rows
 * `TableTicketStore` and `TableHourBankStore` write; it finds clients in the `clients` table) and the
 * in-memory outbox of `InMemoryTicketStore`. Each case uses clients of its own.
 */
interface Stores {
  readonly clients: ClientStore;
  readonly tickets: TicketStore;
  readonly bank: HourBankStore;
  readonly outbox: Outbox;
}

const at = '2026-11-23T10:00:00.000Z';

async function client({ clients }: Stores, id: string): Promise<void> {
  const body = clientBodySchema.parse({ ...contractClient(), name: id, ticketPrefix: id.toUpperCase() });
  await clients.putClient({ ...body, id, createdAt: at, updatedAt: at });
}

const ticket = ({ tickets }: Stores, clientId: string): Promise<StoredTicket> =>
  createTestTicket(tickets, clientId, { receivedAt: at });

const comment = (text: string) => loosePendingEvent({ type: 'ticket.commented', at, actor: 'admin', data: { text } });
const where = (entries: readonly OutboxEntry[]) => entries.map((e) => `${e.clientId}/${e.ticketNumber}/${e.seq}`);

function contract(name: string, stores: () => Stores): void {
  describe(`Outbox contract: ${name}`, () => {
    it('holds the events a ticket change writes; one ticket’s in timeline order, as CloudEvents', async () => {
      const s = stores();
      await client(s, 'obxone');
      const first = await ticket(s, 'obxone');
      await ticket(s, 'obxone');
      await s.tickets.update(
        first,
        { ...first.ticket, status: 'in-progress' },
        [comment('a'), comment('b')],
        first.position!,
      );
      const entries = await s.outbox.pendingForTickets('obxone', [1]);
      expect(where(entries)).toEqual(['obxone/1/1', 'obxone/1/2', 'obxone/1/3']);
      expect(entries.map((e) => [e.event.id, e.event.type, e.event.subject, e.event.clientid])).toEqual([
        ['OBXONE-1.1', 'ticket.created', 'OBXONE-1', 'obxone'],
        ['OBXONE-1.2', 'ticket.commented', 'OBXONE-1', 'obxone'],
        ['OBXONE-1.3', 'ticket.commented', 'OBXONE-1', 'obxone'],
      ]);
      expect(entries[2]?.event.data).toMatchObject({ ticketId: 'OBXONE-1', status: 'in-progress', text: 'b' });
      expect(where(await s.outbox.pendingForTickets('obxone', [2]))).toEqual(['obxone/2/1']);
      expect(await s.outbox.pendingForTickets('obxone', [3])).toEqual([]);
    });

    it('lists every client’s pending events by client, ticket and seq, at most the limit; hour-bank events are ticket 0', async () => {
      const s = stores();
      // Start from an empty outbox: earlier cases leave theirs.
      await s.outbox.remove(await s.outbox.pending(10_000));
      await client(s, 'obxb');
      await client(s, 'obxa');
      await ticket(s, 'obxb');
      await ticket(s, 'obxa');
      await ticket(s, 'obxa');
      const posted = postToLedger(
        emptyHourBank,
        { lowBalanceHours: 20, overdraftHours: 0 },
        { kind: 'purchase', hours: 10, reference: 'PO' },
        { at, by: 'admin' },
      );
      expect(posted.events.length).toBeGreaterThan(1);
      await s.bank.commit({
        clientId: 'obxa',
        bank: { previous: await s.bank.read('obxa'), next: posted.state, entry: posted.entry, events: posted.events },
      });
      const bankEvents = posted.events.map((e) => `obxa/${hourBankOutboxNumber}/${e.seq}`);
      expect(where(await s.outbox.pending(100))).toEqual([...bankEvents, 'obxa/1/1', 'obxa/2/1', 'obxb/1/1']);
      expect(where(await s.outbox.pending(2))).toEqual(bankEvents.slice(0, 2));
      const hourBank = await s.outbox.pendingForTickets('obxa', [hourBankOutboxNumber]);
      expect(hourBank.map((e) => [e.event.id, e.event.type])).toEqual(
        posted.events.map((e) => [`obxa.hour-bank.${e.seq}`, e.type]),
      );
    });

    it('reads several tickets of one client at once, by ticket and seq, and only those', async () => {
      const s = stores();
      await client(s, 'obxmany');
      await client(s, 'obxelse');
      for (let i = 0; i < 4; i++) await ticket(s, 'obxmany');
      await ticket(s, 'obxelse');
      const third = (await s.tickets.get('obxmany', 3))!;
      await s.tickets.update(third, third.ticket, [comment('a')], third.position!);
      expect(where(await s.outbox.pendingForTickets('obxmany', [3, 1]))).toEqual([
        'obxmany/1/1',
        'obxmany/3/1',
        'obxmany/3/2',
      ]);
      expect(where(await s.outbox.pendingForTickets('obxmany', [4]))).toEqual(['obxmany/4/1']);
      expect(await s.outbox.pendingForTickets('obxmany', [])).toEqual([]);
      expect(await s.outbox.pendingForTickets('obxmany', [9])).toEqual([]);
    });

    it('removes what was published; an entry already gone is fine; the rest stays', async () => {
      const s = stores();
      await client(s, 'obxrm');
      const stored = await ticket(s, 'obxrm');
      await s.tickets.update(stored, stored.ticket, [comment('a'), comment('b')], stored.position!);
      const [one, two, three] = await s.outbox.pendingForTickets('obxrm', [1]);
      await s.outbox.remove([one!]);
      expect(where(await s.outbox.pendingForTickets('obxrm', [1]))).toEqual(['obxrm/1/2', 'obxrm/1/3']);
      await s.outbox.remove([one!, two!]);
      expect(await s.outbox.pendingForTickets('obxrm', [1])).toEqual([three]);
      await s.outbox.remove([three!]);
      expect(await s.outbox.pendingForTickets('obxrm', [1])).toEqual([]);
      expect(where(await s.outbox.pending(10_000)).filter((w) => w.startsWith('obxrm/'))).toEqual([]);
    });

    it('leaves every event in its ticket’s timeline, once, before and after it is removed', async () => {
      const s = stores();
      await client(s, 'obxtl');
      const stored = await ticket(s, 'obxtl');
      await s.tickets.update(stored, stored.ticket, [comment('a'), comment('b')], stored.position!);
      const timeline = async () => (await s.tickets.timeline('obxtl', 1)).map((e) => `${e.seq} ${e.type}`);
      const all = ['1 ticket.created', '2 ticket.commented', '3 ticket.commented'];
      expect(await timeline()).toEqual(all);
      const [one, two] = await s.outbox.pendingForTickets('obxtl', [1]);
      await s.outbox.remove([one!, two!]);
      expect(await timeline()).toEqual(all);
      await s.outbox.remove(await s.outbox.pendingForTickets('obxtl', [1]));
      expect(await timeline()).toEqual(all);
      expect((await s.tickets.timelinePage('obxtl', 1, { after: 1, limit: 5 })).map((e) => e.seq)).toEqual([2, 3]);
    });

    it('removes many entries of several clients at once (more than a table transaction holds), also when some are gone already', async () => {
      const s = stores();
      for (const id of ['obxbulka', 'obxbulkb']) {
        await client(s, id);
        for (let n = 0; n < 3; n++) {
          const stored = await ticket(s, id);
          // 40 events per update keep each ticket write inside one table transaction.
          await s.tickets.update(
            stored,
            stored.ticket,
            Array.from({ length: 40 }, (_, i) => comment(`c${i}`)),
            stored.position!,
          );
        }
      }
      const a = await s.outbox.pendingForTickets('obxbulka', [1, 2, 3]);
      const b = await s.outbox.pendingForTickets('obxbulkb', [1, 2, 3]);
      expect([a.length, b.length]).toEqual([123, 123]);
      await s.outbox.remove([a[5]!, b[7]!, b[100]!]);
      await s.outbox.remove([...a.slice(0, 122), ...b]);
      expect(where(await s.outbox.pendingForTickets('obxbulka', [1, 2, 3]))).toEqual(['obxbulka/3/41']);
      expect(await s.outbox.pendingForTickets('obxbulkb', [1, 2, 3])).toEqual([]);
    });
  });
}

const table = onAzuriteTables((tables): Stores => ({
  clients: new TableClientStore(tables.clients),
  tickets: new TableTicketStore(tables.tickets),
  bank: new TableHourBankStore(tables.tickets),
  outbox: new TableOutbox(tables.tickets, tables.clients),
}));

const memoryTickets = new InMemoryTicketStore();
const memory: Stores = {
  clients: new InMemoryClientStore(),
  tickets: memoryTickets,
  bank: new InMemoryHourBankStore(memoryTickets),
  outbox: memoryTickets.outbox,
};
contract('in memory', () => memory);
contract('table', table);
