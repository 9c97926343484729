import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromJsonColumns } from '../../src/adapters/tables/json-columns';
import type { Principal } from '../../src/app/principal';
import { ClientService } from '../../src/app/client-service';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { DomainError } from '../../src/domain/domain-error';
import type { CloudEvent } from '../../src/domain/events/cloud-event';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { contractClient } from '../support/contract';
import { hourBankServices } from '../support/hour-bank-fixture';

const admin: Principal = { kind: 'admin' };
let azurite: RunningAzurite;
let services: Awaited<ReturnType<typeof hourBankServices>>;

beforeAll(async () => {
  azurite = await startAzurite();
  services = await hourBankServices(azurite.connectionString);
});
afterAll(async () => {
  await azurite?.stop();
});

/** A client with the hour-bank policy given, one contact and one open ticket; returns the ticket id. */
async function clientWithTicket(clientId: string, prefix: string, hourBank: { lowBalanceHours: number; overdraftHours: number }): Promise<string> {
  const base = contractClient() as { agreement: Record<string, unknown> };
  const body = clientBodySchema.parse({ ...base, name: clientId, ticketPrefix: prefix, agreement: { ...base.agreement, hourBank }, notifications: { webhooks: [] } });
  const clients = new ClientService(services.clientStore, { now: () => new Date() });
  await clients.putClient(clientId, body);
  await clients.putContact(clientId, 'boss@client.test', { name: 'Boss', roles: ['approver'], active: true });
  const created = await services.tickets.create(admin, { clientId, title: 'Work', description: 'd', severity: 'cat2', type: 'defect', reporter: 'boss@client.test' });
  return (created.view as { id: string }).id;
}

async function rows(clientId: string, from: string, to: string) {
  const found: Record<string, unknown>[] = [];
  const filter = `PartitionKey eq '${clientId}' and RowKey ge '${from}' and RowKey lt '${to}'`;
  for await (const e of services.tables.tickets.listEntities({ queryOptions: { filter } })) found.push(e);
  return found;
}

/** Everything the store holds for a client, checked against itself: ledger ↔ balance ↔ time entries ↔ ticket ↔ outbox. */
async function audit(clientId: string, ticketId: string) {
  const bank = await services.hourBank.view(admin, clientId);
  const entries = bank.entries;
  const number = Number(ticketId.split('-')[1]);
  const timeEntries = await services.bankStore.timeEntries(clientId, number);
  const ticket = (await services.ticketStore.get(clientId, number))?.ticket;
  const outbox = (await rows(clientId, 'o|0000000000|', 'o|0000000000}')).map((e) => fromJsonColumns<CloudEvent>(e));
  const sum = entries.reduce((s, e) => s + e.hours, 0);
  expect(bank.balanceHours).toBe(sum);
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  let running = 0;
  for (const e of entries) {
    running += e.hours;
    expect(e.balanceAfter).toBe(running);
  }
  const callOffs = entries.filter((e) => e.kind === 'call-off');
  expect(timeEntries.map((t) => t.seq)).toEqual(timeEntries.map((_, i) => i + 1));
  expect(callOffs.map((e) => e.timeEntry).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(timeEntries.filter((t) => t.billing === 'hour-bank').map((t) => t.seq));
  expect(ticket?.hoursBooked ?? 0).toBe(timeEntries.reduce((s, t) => s + t.hours, 0));
  expect(outbox.filter((e) => e.type === 'hourbank.called-off')).toHaveLength(callOffs.length);
  return { bank, entries, timeEntries, ticket, outbox };
}

const isOverdraftRefusal = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' && r.reason instanceof DomainError && r.reason.kind === 'conflict' && r.reason.field === 'hours';

describe('time entries against the hour bank on Azurite', () => {
  it('50 concurrent 0.25 h entries against 10 h with a 2.5 h overdraft: all booked, balance exactly −2.5 h', async () => {
    const ticketId = await clientWithTicket('fifty', 'FIFTY', { lowBalanceHours: 5, overdraftHours: 2.5 });
    await services.hourBank.purchase(admin, 'fifty', { hours: 10, reference: 'PO-1' });
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })));
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
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(40);
    expect(results.filter(isOverdraftRefusal)).toHaveLength(10);
    const { bank, timeEntries } = await audit('forty', ticketId);
    expect(bank.balanceHours).toBe(0);
    expect(timeEntries).toHaveLength(40);
  });

  it("the same from two independent service instances (two processes' worth of stores and queues)", async () => {
    const ticketId = await clientWithTicket('twostores', 'TWOS', { lowBalanceHours: 5, overdraftHours: 0 });
    const other = await hourBankServices(azurite.connectionString);
    await services.hourBank.purchase(admin, 'twostores', { hours: 10, reference: 'PO-1' });
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => (i % 2 ? services : other).hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(40);
    expect(results.filter(isOverdraftRefusal)).toHaveLength(10);
    const { bank, timeEntries } = await audit('twostores', ticketId);
    expect(bank.balanceHours).toBe(0);
    expect(timeEntries).toHaveLength(40);
  });

  it('the same with a second OS process booking at once: never lost, never doubled', async () => {
    const ticketId = await clientWithTicket('twoproc', 'TWOP', { lowBalanceHours: 5, overdraftHours: 2.5 });
    await services.hourBank.purchase(admin, 'twoproc', { hours: 10, reference: 'PO-1' });
    const worker = path.resolve(__dirname, '../support/hour-bank-worker.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', worker, azurite.connectionString, ticketId, '25', '0.25'], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready\n')) resolve();
      });
      child.once('exit', () => reject(new Error(`worker exited before it was ready: ${out}`)));
    });
    // The worker is booking now; book from this process at the same time.
    const mine = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })));
    expect(await exited).toBe(0);
    const theirs = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { booked: number; refused: number; failed: string[] };
    expect(theirs.failed).toEqual([]);
    expect(mine.filter((r) => r.status === 'fulfilled').length + theirs.booked).toBe(50);
    const { bank, timeEntries } = await audit('twoproc', ticketId);
    expect(bank.balanceHours).toBe(-2.5);
    expect(timeEntries).toHaveLength(50);
  });

  it('books once per Idempotency-Key, however many retries arrive at once, and refuses the key with another body', async () => {
    const ticketId = await clientWithTicket('idem', 'IDEM', { lowBalanceHours: 0, overdraftHours: 0 });
    await services.hourBank.purchase(admin, 'idem', { hours: 10, reference: 'PO-1' }, 'buy-1');
    const replay = await services.hourBank.purchase(admin, 'idem', { hours: 10, reference: 'PO-1' }, 'buy-1');
    expect(replay.replayed).toBe(true);
    const other = await hourBankServices(azurite.connectionString);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? services : other).hourBank.logTime(admin, ticketId, { hours: 1, note: 'once', workedOn: '2026-11-20' }, 'book-1')),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    await expect(services.hourBank.logTime(admin, ticketId, { hours: 2, note: 'once' }, 'book-1')).rejects.toMatchObject({ kind: 'unprocessable' });
    const { bank, timeEntries } = await audit('idem', ticketId);
    expect(bank.purchasedHours).toBe(10);
    expect(bank.balanceHours).toBe(9);
    expect(timeEntries).toHaveLength(1);
  });

  it('an entry past the overdraft writes nothing: no ledger entry, time entry, ticket change or event', async () => {
    const ticketId = await clientWithTicket('refuse', 'REFU', { lowBalanceHours: 0, overdraftHours: 0 });
    const before = await rows('refuse', '', '~');
    await expect(services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: 'x' })).rejects.toMatchObject({ kind: 'conflict', field: 'hours' });
    expect(await rows('refuse', '', '~')).toEqual(before);
  });

  it('records time on a separately quoted ticket with billing "quote", drawing nothing', async () => {
    const clientId = 'quoted';
    await clientWithTicket(clientId, 'QUOT', { lowBalanceHours: 0, overdraftHours: 0 });
    const created = await services.tickets.create(admin, { clientId, title: 'Enhance', description: 'd', severity: 'cat3', type: 'enhancement', reporter: 'boss@client.test' });
    const id = (created.view as { id: string }).id;
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
    expect(timeline.at(-1)).toMatchObject({ type: 'ticket.time-logged', data: { hours: 3, billing: 'quote', hoursBooked: 3 } });
  });

  it('refuses an on-account approval the bank cannot cover (409), and accepts it once hours are bought', async () => {
    const clientId = 'onacct';
    await clientWithTicket(clientId, 'ONAC', { lowBalanceHours: 0, overdraftHours: 1 });
    const created = await services.tickets.create(admin, { clientId, title: 'Enhance', description: 'd', severity: 'cat3', type: 'enhancement', reporter: 'boss@client.test' });
    const id = (created.view as { id: string }).id;
    await services.tickets.act(admin, id, { action: 'assess', tier: 'L2', quote: { hours: 4 } });
    await services.hourBank.purchase(admin, clientId, { hours: 2.75, reference: 'PO-1' });
    await expect(services.tickets.act(admin, id, { action: 'approve', mode: 'on-account', by: 'boss@client.test' })).rejects.toMatchObject({ kind: 'conflict', field: 'mode' });
    expect((await services.tickets.get(admin, id)).view.status).toBe('awaiting-approval');
    await services.hourBank.purchase(admin, clientId, { hours: 0.25, reference: 'PO-2' });
    const approved = await services.tickets.act(admin, id, { action: 'approve', mode: 'on-account', by: 'boss@client.test' });
    expect(approved.view.approval?.decision).toBe('on-account');
    const entry = await services.hourBank.logTime(admin, id, { hours: 4, note: 'built it' });
    expect(entry.body).toMatchObject({ billing: 'hour-bank', balanceAfter: -1 });
  });

  it('an on-account approval racing bookings is decided on the balance it commits against', async () => {
    const clientId = 'race';
    const ticketId = await clientWithTicket(clientId, 'RACE', { lowBalanceHours: 0, overdraftHours: 0 });
    const created = await services.tickets.create(admin, { clientId, title: 'Enhance', description: 'd', severity: 'cat3', type: 'enhancement', reporter: 'boss@client.test' });
    const id = (created.view as { id: string }).id;
    await services.tickets.act(admin, id, { action: 'assess', tier: 'L2', quote: { hours: 5 } });
    await services.hourBank.purchase(admin, clientId, { hours: 10, reference: 'PO-1' });
    // 20 × 0.25 h leave 5 h: the approval must succeed whichever order they commit in; 24 would leave 4 h.
    const bookings = Array.from({ length: 24 }, () => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: 'x' }));
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
