import { describe, expect, it } from 'vitest';
import { HourBankService } from '../../src/app/hour-bank-service';
import type { Principal } from '../../src/app/principal';
import { DomainError } from '../../src/domain/domain-error';
import type { Clock } from '../../src/ports/clock';
import { hourBankOutboxNumber } from '../../src/ports/outbox';
import { auditHourBank, clientWithTicket as withTicket, type HourBankServices } from '../support/hour-bank-audit';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryHourBankStore } from '../support/in-memory/in-memory-hour-bank-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { inMemoryTicketService } from '../support/in-memory/in-memory-services';

/**
 * The hour bank's use cases on in-memory ports (test/ports/hour-bank-store.test.ts holds the in-memory
 * store to `TableHourBankStore`: one all-or-nothing commit, a stale bank or ticket version refused).
 * Bookings from a second OS process on Azurite: test/adapters/tables/hour-bank-two-processes.test.ts.
 */
const admin: Principal = { kind: 'admin' };

/** The stores one storage account holds: shared by every set of services below. */
const ticketStore = new InMemoryTicketStore();
const stores = {
  clientStore: new InMemoryClientStore(),
  ticketStore,
  bankStore: new InMemoryHourBankStore(ticketStore),
};

/**
 * The hour-bank services as one process builds them on the shared stores: a second call builds a second,
 * independent set (its own write queues and caches of bank and tickets), which is what another process has.
 */
function servicesOnStores(clock: Clock = { now: () => new Date() }): HourBankServices {
  const { clientStore, bankStore } = stores;
  return {
    ...stores,
    tickets: inMemoryTicketService(clientStore, ticketStore, clock, { hourBank: bankStore }),
    hourBank: new HourBankService(clientStore, ticketStore, bankStore, clock),
    hourBankEvents: async (clientId) =>
      (await ticketStore.outbox.pendingForTickets(clientId, [hourBankOutboxNumber])).map((e) => e.event),
  };
}
const services = servicesOnStores();

const clientWithTicket = (
  clientId: string,
  prefix: string,
  hourBank: { lowBalanceHours: number; overdraftHours: number },
) => withTicket(services, clientId, prefix, hourBank);
const audit = (clientId: string, ticketId: string) => auditHourBank(services, clientId, ticketId);

/** Everything the stores hold for a client, read through the ports: bank, ledger, tickets with timelines and time entries, outbox. */
async function everything(clientId: string) {
  const tickets = await ticketStore.list({ clientId });
  return {
    bank: await stores.bankStore.read(clientId),
    entries: await stores.bankStore.entries(clientId),
    tickets: await Promise.all(
      tickets.map(async (t) => ({
        stored: await ticketStore.get(clientId, t.number),
        timeline: await ticketStore.timeline(clientId, t.number),
        timeEntries: await stores.bankStore.timeEntries(clientId, t.number),
      })),
    ),
    outbox: (await ticketStore.outbox.pending(100_000)).filter((e) => e.clientId === clientId),
  };
}

const isOverdraftRefusal = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' &&
  r.reason instanceof DomainError &&
  r.reason.kind === 'conflict' &&
  r.reason.field === 'hours';

describe('time entries against the hour bank', () => {
  it('50 concurrent 0.25 h entries against 10 h with a 2.5 h overdraft: all booked, balance exactly −2.5 h', async () => {
    const ticketId = await clientWithTicket('fifty', 'FIFTY', { lowBalanceHours: 5, overdraftHours: 2.5 });
    await services.hourBank.purchase(admin, 'fifty', { hours: 10, reference: 'PO-1' });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    const { bank, timeEntries, ticket, outbox } = await audit('fifty', ticketId);
    expect(bank.balanceHours).toBe(-2.5);
    expect(bank.calledOffHours).toBe(12.5);
    expect(timeEntries).toHaveLength(50);
    expect(ticket?.hoursBooked).toBe(12.5);
    expect(outbox.filter((e) => e.type === 'hourbank.low-balance')).toHaveLength(1);
    expect(outbox.filter((e) => e.type === 'hourbank.exhausted')).toHaveLength(1);
  });

  it('50 concurrent 0.25 h entries against 10 h with no overdraft: exactly 40 booked, 10 refused with 409, balance 0', async () => {
    const ticketId = await clientWithTicket('forty', 'FORTY', { lowBalanceHours: 5, overdraftHours: 0 });
    await services.hourBank.purchase(admin, 'forty', { hours: 10, reference: 'PO-1' });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(40);
    expect(results.filter(isOverdraftRefusal)).toHaveLength(10);
    const { bank, timeEntries } = await audit('forty', ticketId);
    expect(bank.balanceHours).toBe(0);
    expect(timeEntries).toHaveLength(40);
  });

  it("the same from two independent service instances (two processes' worth of queues and caches over one storage)", async () => {
    const ticketId = await clientWithTicket('twostores', 'TWOS', { lowBalanceHours: 5, overdraftHours: 0 });
    const other = servicesOnStores();
    await services.hourBank.purchase(admin, 'twostores', { hours: 10, reference: 'PO-1' });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? services : other).hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(40);
    expect(results.filter(isOverdraftRefusal)).toHaveLength(10);
    const { bank, timeEntries } = await audit('twostores', ticketId);
    expect(bank.balanceHours).toBe(0);
    expect(timeEntries).toHaveLength(40);
  });

  it('books once per Idempotency-Key, however many retries arrive at once, and refuses the key with another body', async () => {
    const ticketId = await clientWithTicket('idem', 'IDEM', { lowBalanceHours: 0, overdraftHours: 0 });
    await services.hourBank.purchase(admin, 'idem', { hours: 10, reference: 'PO-1' }, 'buy-1');
    const replay = await services.hourBank.purchase(admin, 'idem', { hours: 10, reference: 'PO-1' }, 'buy-1');
    expect(replay.replayed).toBe(true);
    const other = servicesOnStores();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? services : other).hourBank.logTime(
          admin,
          ticketId,
          { hours: 1, note: 'once', workedOn: '2026-11-20' },
          'book-1',
        ),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    await expect(
      services.hourBank.logTime(admin, ticketId, { hours: 2, note: 'once' }, 'book-1'),
    ).rejects.toMatchObject({ kind: 'unprocessable' });
    const { bank, timeEntries } = await audit('idem', ticketId);
    expect(bank.purchasedHours).toBe(10);
    expect(bank.balanceHours).toBe(9);
    expect(timeEntries).toHaveLength(1);
  });

  it('an entry past the overdraft writes nothing: no ledger entry, time entry, ticket change or event', async () => {
    const ticketId = await clientWithTicket('refuse', 'REFU', { lowBalanceHours: 0, overdraftHours: 0 });
    const before = await everything('refuse');
    expect(before.tickets).toHaveLength(1);
    await expect(services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: 'x' })).rejects.toMatchObject({
      kind: 'conflict',
      field: 'hours',
    });
    expect(await everything('refuse')).toEqual(before);
  });

  it('records time on a separately quoted ticket with billing "quote", drawing nothing', async () => {
    const clientId = 'quoted';
    await clientWithTicket(clientId, 'QUOT', { lowBalanceHours: 0, overdraftHours: 0 });
    const created = await services.tickets.create(admin, {
      clientId,
      title: 'Enhance',
      description: 'd',
      severity: 'cat3',
      type: 'enhancement',
      reporter: 'boss@client.test',
    });
    const id = created.view.id;
    await services.tickets.act(admin, id, { action: 'assess', tier: 'L2', quote: { hours: 8 } });
    await services.tickets.act(admin, id, { action: 'approve', mode: 'quote', by: 'boss@client.test' });
    const entry = await services.hourBank.logTime(admin, id, { hours: 3, note: 'built it' });
    expect(entry.body).toMatchObject({ billing: 'quote', hours: 3 });
    expect(entry.body).not.toHaveProperty('ledgerEntry');
    const bank = await services.hourBank.view(admin, clientId);
    expect(bank.entries).toEqual([]);
    expect(bank.balanceHours).toBe(0);
    expect((await services.tickets.get(admin, id)).view.hoursBooked).toBe(3);
    const timeline = (await services.tickets.timelinePage(admin, id, { after: 0, limit: 500 })).items;
    expect(timeline.at(-1)).toMatchObject({
      type: 'ticket.time-logged',
      data: { hours: 3, billing: 'quote', hoursBooked: 3 },
    });
  });

  it('refuses an on-account approval the bank cannot cover (409), and accepts it once hours are bought', async () => {
    const clientId = 'onacct';
    await clientWithTicket(clientId, 'ONAC', { lowBalanceHours: 0, overdraftHours: 1 });
    const created = await services.tickets.create(admin, {
      clientId,
      title: 'Enhance',
      description: 'd',
      severity: 'cat3',
      type: 'enhancement',
      reporter: 'boss@client.test',
    });
    const id = created.view.id;
    await services.tickets.act(admin, id, { action: 'assess', tier: 'L2', quote: { hours: 4 } });
    await services.hourBank.purchase(admin, clientId, { hours: 2.75, reference: 'PO-1' });
    await expect(
      services.tickets.act(admin, id, { action: 'approve', mode: 'on-account', by: 'boss@client.test' }),
    ).rejects.toMatchObject({ kind: 'conflict', field: 'mode' });
    expect((await services.tickets.get(admin, id)).view.status).toBe('awaiting-approval');
    await services.hourBank.purchase(admin, clientId, { hours: 0.25, reference: 'PO-2' });
    const approved = await services.tickets.act(admin, id, {
      action: 'approve',
      mode: 'on-account',
      by: 'boss@client.test',
    });
    expect(approved.view.approval?.decision).toBe('on-account');
    const entry = await services.hourBank.logTime(admin, id, { hours: 4, note: 'built it' });
    expect(entry.body).toMatchObject({ billing: 'hour-bank', balanceAfter: -1 });
  });

  it('an on-account approval racing bookings is decided on the balance it commits against', async () => {
    const clientId = 'race';
    const ticketId = await clientWithTicket(clientId, 'RACE', { lowBalanceHours: 0, overdraftHours: 0 });
    const created = await services.tickets.create(admin, {
      clientId,
      title: 'Enhance',
      description: 'd',
      severity: 'cat3',
      type: 'enhancement',
      reporter: 'boss@client.test',
    });
    const id = created.view.id;
    await services.tickets.act(admin, id, { action: 'assess', tier: 'L2', quote: { hours: 5 } });
    await services.hourBank.purchase(admin, clientId, { hours: 10, reference: 'PO-1' });
    // 20 × 0.25 h leave 5 h: the approval must succeed whichever order they commit in; 24 would leave 4 h.
    const bookings = Array.from({ length: 24 }, () =>
      services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: 'x' }),
    );
    const approval = services.tickets.act(admin, id, { action: 'approve', mode: 'on-account', by: 'boss@client.test' });
    const [approved] = await Promise.allSettled([approval, ...bookings]);
    const bank = await services.hourBank.view(admin, clientId);
    expect(bank.balanceHours).toBe(4);
    if (approved.status === 'fulfilled') {
      // It committed while the bank still covered 5 h: after at most 20 of the bookings.
      const ticket = await services.ticketStore.get(clientId, Number(id.split('-')[1]));
      const approvedAt = ticket?.ticket.approval?.at ?? '';
      const before = bank.entries.filter((e) => e.kind === 'call-off' && e.at <= approvedAt);
      expect(10 - before.length * 0.25).toBeGreaterThanOrEqual(5);
    } else {
      expect(approved.reason).toMatchObject({ kind: 'conflict', field: 'mode' });
    }
  });
});
