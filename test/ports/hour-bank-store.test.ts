import { describe, expect, it } from 'vitest';
import { TableHourBankStore } from '../../src/adapters/tables/table-hour-bank-store';
import { TableTicketStore } from '../../src/adapters/tables/table-ticket-store';
import { emptyHourBank, postToLedger, type LedgerPosting } from '../../src/domain/hour-bank/hour-bank-ledger';
import type { TimeEntry } from '../../src/domain/hour-bank/time-entry';
import type { HourBankChange, HourBankSnapshot, HourBankStore } from '../../src/ports/hour-bank-store';
import { VersionConflictError, type StoredTicket, type TicketStore } from '../../src/ports/ticket-store';
import { onAzuriteTables } from '../support/azurite-tables';
import { InMemoryHourBankStore } from '../support/in-memory/in-memory-hour-bank-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { loosePendingEvent } from '../support/loose-event';
import { createTestTicket } from '../support/test-tickets';

/**
 * The HourBankStore contract, run against `TableHourBankStore` on Azurite and the in-memory store the
 * hour-bank tests use, each beside the TicketStore it shares a partition with (time entries change
 * tickets; Idempotency-Keys and the `on-account` guard cross from one port to the other). Each case
 * uses clients of its own: the stores are shared between cases.
 */
interface Stores {
  readonly tickets: TicketStore;
  readonly bank: HourBankStore;
}

const at = '2026-11-23T10:00:00.000Z';
const policy = { lowBalanceHours: 0, overdraftHours: 0 };

/** A bank change posting `posting` on top of `snapshot`, as the service builds one. */
function posting(
  clientId: string,
  snapshot: HourBankSnapshot,
  post: LedgerPosting,
  when = at,
): NonNullable<HourBankChange['bank']> {
  const posted = postToLedger(snapshot.state, policy, post, { at: when, by: 'admin' });
  return { previous: snapshot, next: posted.state, entry: posted.entry, events: posted.events };
}
const purchase = (hours: number): LedgerPosting => ({ kind: 'purchase', hours, reference: 'PO' });

const ticketOf = (tickets: TicketStore, clientId: string): Promise<StoredTicket> =>
  createTestTicket(tickets, clientId, { receivedAt: at });

/** A time entry of `hours` on `stored`, called off the bank as `snapshot` was read. */
function booking(stored: StoredTicket, snapshot: HourBankSnapshot, hours: number): HourBankChange {
  const seq = (stored.ticket.timeEntryCount ?? 0) + 1;
  const bank = posting(stored.ticket.clientId, snapshot, {
    kind: 'call-off',
    hours,
    ticketId: stored.ticket.id,
    timeEntry: seq,
    workedOn: '2026-11-23',
    note: 'n',
  });
  const timeEntry: TimeEntry = {
    seq,
    ticketId: stored.ticket.id,
    hours,
    note: 'n',
    workedOn: '2026-11-23',
    billing: 'hour-bank',
    by: 'admin',
    at,
    ledgerEntry: bank.entry.seq,
    balanceAfter: bank.entry.balanceAfter,
  };
  const hoursBooked = (stored.ticket.hoursBooked ?? 0) + hours;
  return {
    clientId: stored.ticket.clientId,
    bank,
    ticket: {
      previous: stored,
      next: { ...stored.ticket, hoursBooked, timeEntryCount: seq },
      events: [loosePendingEvent({ type: 'ticket.time-logged', at, actor: 'admin', data: { hours, hoursBooked } })],
      timeEntry,
    },
  };
}

/** Everything the two ports show of a client's bank and its first ticket, to see that a refused commit wrote nothing. */
async function everything({ tickets, bank }: Stores, clientId: string) {
  return {
    bank: await bank.read(clientId),
    entries: await bank.entries(clientId),
    timeEntries: await bank.timeEntries(clientId, 1),
    ticket: await tickets.get(clientId, 1),
    timeline: await tickets.timeline(clientId, 1),
  };
}

function contract(name: string, stores: () => Stores): void {
  describe(`HourBankStore contract: ${name}`, () => {
    it('reads an empty bank with no version until the first commit creates it; a second first commit is refused', async () => {
      const { bank } = stores();
      const empty = await bank.read('first');
      expect(empty).toEqual({ state: emptyHourBank, version: undefined });
      const change = posting('first', empty, purchase(10));
      const committed = await bank.commit({ clientId: 'first', bank: change });
      expect(committed.bankVersion).toEqual(expect.any(String));
      expect(await bank.read('first')).toEqual({ state: change.next, version: committed.bankVersion });
      await expect(
        bank.commit({ clientId: 'first', bank: posting('first', empty, purchase(5)) }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await bank.entries('first')).toEqual([change.entry]);
    });

    it('commits against the version read and moves it; a commit against an older one is refused and writes nothing', async () => {
      const { bank } = stores();
      const first = await bank.commit({
        clientId: 'stale',
        bank: posting('stale', await bank.read('stale'), purchase(10)),
      });
      const read = await bank.read('stale');
      const second = await bank.commit({ clientId: 'stale', bank: posting('stale', read, purchase(2)) });
      expect(second.bankVersion).not.toBe(first.bankVersion);
      const before = await everything(stores(), 'stale');
      await expect(
        bank.commit({ clientId: 'stale', bank: posting('stale', read, purchase(3)) }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await everything(stores(), 'stale')).toEqual(before);
      expect(before.bank.state.balanceHours).toBe(12);
      expect(before.entries.map((e) => [e.seq, e.hours, e.balanceAfter])).toEqual([
        [1, 10, 10],
        [2, 2, 12],
      ]);
    });

    it('commits a time entry with its ticket and ledger entry together, numbering the timeline on; a stale ticket or bank writes nothing', async () => {
      const { tickets, bank } = stores();
      await bank.commit({ clientId: 'booking', bank: posting('booking', await bank.read('booking'), purchase(10)) });
      const stored = await ticketOf(tickets, 'booking');
      const snapshot = await bank.read('booking');
      const change = booking(stored, snapshot, 1.5);
      const committed = await bank.commit(change);
      expect(committed.ticket?.stored.version).not.toBe(stored.version);
      expect(committed.ticket?.stored.position).toBe(stored.position);
      expect(committed.ticket?.events.map((e) => [e.seq, e.type])).toEqual([[2, 'ticket.time-logged']]);
      const read = await tickets.get('booking', 1);
      expect(read).toEqual(committed.ticket?.stored);
      expect(read?.ticket).toMatchObject({ hoursBooked: 1.5, timeEntryCount: 1, eventCount: 2 });
      expect(await bank.timeEntries('booking', 1)).toEqual([change.ticket?.timeEntry]);
      expect(await bank.timeEntries('booking', 2)).toEqual([]);
      expect((await bank.read('booking')).state.balanceHours).toBe(8.5);

      const before = await everything(stores(), 'booking');
      // The ticket moved since `stored` was read (the bank is current):
      await expect(bank.commit(booking(stored, before.bank, 1))).rejects.toBeInstanceOf(VersionConflictError);
      // The bank moved since `snapshot` was read (the ticket is current):
      await expect(bank.commit(booking(committed.ticket!.stored, snapshot, 1))).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await everything(stores(), 'booking')).toEqual(before);
      const again = await bank.commit(booking(committed.ticket!.stored, before.bank, 1));
      expect(again.ticket?.events.map((e) => e.seq)).toEqual([3]);
      expect((await bank.timeEntries('booking', 1)).map((e) => e.seq)).toEqual([1, 2]);
      // Changed since read with no new event or time entry to collide with: only the ticket's version refuses it.
      const current = again.ticket!.stored;
      await tickets.update(current, { ...current.ticket, title: 'renamed' }, [], current.position!);
      const bankNow = await bank.read('booking');
      await expect(bank.commit(booking(current, bankNow, 1))).rejects.toBeInstanceOf(VersionConflictError);
      expect(await bank.read('booking')).toEqual(bankNow);
      expect((await tickets.get('booking', 1))?.ticket).toMatchObject({ title: 'renamed', hoursBooked: 2.5 });
    });

    it('stores an Idempotency-Key’s response with the commit, in the records tickets use; a key already recorded is refused and writes nothing', async () => {
      const { tickets, bank } = stores();
      const response = { fingerprint: 'f1', body: { seq: 1 } };
      await bank.commit({
        clientId: 'idemb',
        bank: posting('idemb', await bank.read('idemb'), purchase(10)),
        idempotency: { key: 'admin|buy-1', response },
      });
      expect(await bank.readResponse('idemb', 'admin|buy-1')).toEqual(response);
      expect(await bank.readResponse('idemb', 'admin|other')).toBeUndefined();
      expect(await tickets.readIdempotency('idemb', 'admin|buy-1')).toEqual({ ticketId: '', ...response });
      const before = await everything(stores(), 'idemb');
      await expect(
        bank.commit({
          clientId: 'idemb',
          bank: posting('idemb', before.bank, purchase(10)),
          idempotency: { key: 'admin|buy-1', response: { fingerprint: 'f2', body: {} } },
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await everything(stores(), 'idemb')).toEqual(before);
      expect(await bank.readResponse('idemb', 'admin|buy-1')).toEqual(response);
      // A key a ticket action recorded is one the bank sees too (the same partition's records).
      const stored = await ticketOf(tickets, 'idemb');
      await tickets.update(stored, stored.ticket, [], stored.position!, undefined, {
        key: 'admin|act-1',
        fingerprint: 'f3',
        response: (t) => ({ id: t.id }),
      });
      expect(await bank.readResponse('idemb', 'admin|act-1')).toEqual({ fingerprint: 'f3', body: { id: 'IDEMB-1' } });
    });

    it('a ticket update guarded by the bank version commits only at that version, and moves it', async () => {
      const { tickets, bank } = stores();
      const stored = await ticketOf(tickets, 'guard');
      // No bank yet: the guard at "no version" creates the empty bank.
      const first = await tickets.update(stored, { ...stored.ticket, title: 'one' }, [], stored.position!, {
        version: undefined,
      });
      const created = await bank.read('guard');
      expect(created.state).toEqual(emptyHourBank);
      expect(created.version).toEqual(expect.any(String));
      await expect(
        tickets.update(first.stored, first.stored.ticket, [], stored.position!, { version: undefined }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      await bank.commit({ clientId: 'guard', bank: posting('guard', created, purchase(10)) });
      const read = await bank.read('guard');
      const second = await tickets.update(
        first.stored,
        { ...first.stored.ticket, title: 'two' },
        [],
        stored.position!,
        { version: read.version },
      );
      const moved = await bank.read('guard');
      expect(moved.state).toEqual(read.state);
      expect(moved.version).not.toBe(read.version);
      // A booking decided on the bank as read before the guarded update is refused.
      await expect(
        bank.commit({ clientId: 'guard', bank: posting('guard', read, purchase(1)) }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      await expect(
        tickets.update(second.stored, { ...second.stored.ticket, title: 'three' }, [], stored.position!, {
          version: read.version,
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect((await tickets.get('guard', 1))?.ticket.title).toBe('two');
    });

    it('lists ledger entries oldest first, from an instant inclusive to one exclusive', async () => {
      const { bank } = stores();
      for (const when of ['2026-11-01T00:00:00.000Z', '2026-11-15T12:00:00.000Z', '2026-12-01T00:00:00.000Z']) {
        await bank.commit({ clientId: 'range', bank: posting('range', await bank.read('range'), purchase(1), when) });
      }
      const seqs = async (range: { from?: string; to?: string }) =>
        (await bank.entries('range', range)).map((e) => e.seq);
      expect(await seqs({})).toEqual([1, 2, 3]);
      expect(await seqs({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' })).toEqual([1, 2]);
      expect(await seqs({ from: '2026-11-01T00:00:00.001Z' })).toEqual([2, 3]);
      expect(await seqs({ to: '2026-11-15T12:00:00.000Z' })).toEqual([1]);
      expect(await bank.entries('nobank')).toEqual([]);
    });
  });
}

const table = onAzuriteTables((tables): Stores => ({
  tickets: new TableTicketStore(tables.tickets),
  bank: new TableHourBankStore(tables.tickets),
}));

const memoryTickets = new InMemoryTicketStore();
const memory: Stores = { tickets: memoryTickets, bank: new InMemoryHourBankStore(memoryTickets) };
contract('in memory', () => memory);
contract('table', table);
