import { beforeAll, describe, expect, it } from 'vitest';
import { inMemoryClientService } from '../support/in-memory/in-memory-services';
import { MonthlySlaReportMailer } from '../../src/app/monthly-sla-report-mailer';
import type { Principal } from '../../src/app/principal';
import { SlaReportService } from '../../src/app/sla-report-service';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { DomainError } from '../../src/domain/domain-error';
import { newTicket, type Ticket } from '../../src/domain/tickets/ticket';
import type { Clock } from '../../src/ports/clock';
import type { EmailMessage, EmailSender } from '../../src/ports/email-sender';
import type { HourBankLedger } from '../../src/ports/hour-bank-ledger';
import { loosePendingEvent } from '../support/loose-event';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryEmailReceipts } from '../support/in-memory/in-memory-email-receipts';
import { InMemoryReportTickets } from '../support/in-memory/in-memory-report-tickets';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

/**
 * On in-memory ports; test/ports/report-ticket-source.test.ts holds the report's ticket source to
 * `TableReportTickets` (which tickets a period has, by the receipt index).
 */
const store = new InMemoryTicketStore();
const source = new InMemoryReportTickets(store);
const clientStore = new InMemoryClientStore();
let now = new Date('2026-12-01T12:00:00.000Z');
const clock: Clock = { now: () => now };
const admin: Principal = { kind: 'admin' };
const ledger: HourBankLedger = {
  entries: (clientId, range) =>
    Promise.resolve(
      [
        { kind: 'purchase' as const, hours: 40, at: '2026-11-02T10:00:00.000Z' },
        { kind: 'call-off' as const, hours: -2.5, at: '2026-11-20T10:00:00.000Z' },
      ].filter((e) => clientId === 'acme' && e.at >= range.from && e.at < range.to),
    ),
};

beforeAll(async () => {
  const clients = inMemoryClientService(clientStore, clock);
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putClient(
    'other',
    clientBodySchema.parse({ ...contractClient(), name: 'Other', ticketPrefix: 'OTHER' }),
  );
  await clients.putContact('acme', 'boss@acme.test', { name: 'Boss', roles: ['approver'], active: true });
  await clients.putContact('acme', 'cfo@acme.test', { name: 'CFO', roles: ['requester', 'approver'], active: true });
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  await clients.putContact('acme', 'gone@acme.test', { name: 'Gone', roles: ['approver'], active: false });
  // Tickets around November (which tickets a period has is the ReportTicketSource contract's): 46 in it.
  await create('acme', '2026-10-31T23:59:59.000Z');
  await Promise.all(
    Array.from({ length: 45 }, (_, i) =>
      create('acme', `2026-11-${String(2 + (i % 27)).padStart(2, '0')}T10:00:00.000Z`),
    ),
  );
  await create('acme', '2026-12-01T00:00:00.000Z');
  await create('other', '2026-11-10T10:00:00.000Z');
  await create('acme', '2026-11-01T00:00:00.000Z');
});
/** Sent-report receipts, kept across the mailer's runs and cases as the table keeps them (on the app's clock, as there). */
const receipts = new InMemoryEmailReceipts(clock);

async function create(
  clientId: string,
  receivedAt: string,
  severity = 'cat3',
  clocks?: Partial<Ticket['clocks']>,
): Promise<Ticket> {
  const outcome = await store.create({
    clientId,
    build: (number) => {
      const ticket = newTicket({
        clientId,
        ticketPrefix: clientId.toUpperCase(),
        number,
        title: `received ${receivedAt}`,
        description: 'd',
        severity,
        type: 'defect',
        reporter: 'jo@acme.test',
        receivedAt,
      });
      return {
        ticket: { ...ticket, clocks: { ...ticket.clocks, ...clocks } },
        events: [loosePendingEvent({ type: 'ticket.created', at: receivedAt, actor: 'jo@acme.test', data: {} })],
        position: `o|1|${receivedAt}|${number}`,
      };
    },
  });
  if (outcome.kind !== 'created') throw new Error('not created');
  return outcome.stored.ticket;
}

describe('SlaReportService', () => {
  const service = () => new SlaReportService(clientStore, source, ledger, clock);

  it('reports November for the admin (staff) with the hour bank figures', async () => {
    const covered = await create('acme', '2026-11-30T09:00:00.000Z', 'cat2', {
      assess: { startedAt: '2026-11-30T09:00:00.000Z', pauses: [], stoppedAt: '2026-11-30T10:00:00.000Z' },
    });
    const report = await service().report(admin, 'acme', '2026-11', '2026-11');
    const month = report.months[0]!;
    expect(month).toMatchObject({ month: '2026-11', hoursCalledOff: 2.5, hoursPurchased: 40 });
    // 46 cat3 tickets received in November (created before all cases) are counted but clockless.
    expect(month.severities.find((s) => s.severity === 'cat3')).toMatchObject({
      tickets: 46,
      assess: { met: 0, breached: 0, running: 0 },
    });
    // The cat2 ticket, received Mon 30 Nov 09:00: assessed after 60 minutes (met); its resolve clock
    // (480 office minutes: Mon 09:00–17:00) was due at 17:00 and, unstopped at `now`, is breached.
    expect(month.severities.find((s) => s.severity === 'cat2')).toMatchObject({
      tickets: 1,
      assess: { met: 1, breached: 0, running: 0, achievement: 1, medianMinutes: 60 },
      resolve: { met: 0, breached: 1, running: 0, achievement: 0, medianMinutes: null },
    });
    expect(month.breaches).toEqual([
      {
        ticketId: covered.id,
        title: covered.title,
        severity: 'cat2',
        clock: 'resolve',
        dueAt: '2026-11-30T17:00:00.000Z',
      },
    ]);
  });

  it('refuses client keys and requesters (403) and hides other tenants and unknown clients (404)', async () => {
    const key = (clientId: string): Principal => ({
      kind: 'client-key',
      clientId,
      keyId: 'k',
      name: 'ci',
      scopes: ['tickets:read'],
    });
    await expect(service().report(key('acme'), 'acme', '2026-11', '2026-11')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(service().report(key('other'), 'acme', '2026-11', '2026-11')).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(service().report(admin, 'nobody', '2026-11', '2026-11')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('refuses a range ending before it starts or longer than 24 months, naming `to`', async () => {
    const refused = (from: string, to: string) =>
      service()
        .report(admin, 'acme', from, to)
        .then(
          () => undefined,
          (e: unknown) => e as DomainError,
        );
    expect(await refused('2026-11', '2026-10')).toMatchObject({ kind: 'invalid', field: 'to' });
    expect(await refused('2024-11', '2026-11')).toMatchObject({ kind: 'invalid', field: 'to' });
    expect((await service().report(admin, 'acme', '2024-12', '2026-11')).months).toHaveLength(24);
  });
});

describe('MonthlySlaReportMailer', () => {
  it('mails each active approver last month’s report once, however often it runs', async () => {
    const sent: EmailMessage[] = [];
    const sender: EmailSender = { send: (m) => (sent.push(m), Promise.resolve()) };
    const mailer = new MonthlySlaReportMailer(
      clientStore,
      new SlaReportService(clientStore, source, ledger, clock),
      receipts,
      sender,
      clock,
    );
    now = new Date('2026-12-01T12:00:00.000Z');
    const first = await mailer.run();
    const second = await mailer.run();
    // The timer firing twice at once must not mail twice either.
    const [third, fourth] = await Promise.all([mailer.run(), mailer.run()]);
    expect(sent.map((m) => m.to).sort()).toEqual(['boss@acme.test', 'cfo@acme.test']);
    expect(first.sent).toHaveLength(2);
    expect(second).toMatchObject({
      sent: [],
      alreadySent: ['acme/2026-11 → boss@acme.test', 'acme/2026-11 → cfo@acme.test'],
    });
    expect([...third.sent, ...fourth.sent]).toEqual([]);
    expect(sent[0]!.subject).toBe('[Support Desk] SLA report 2026-11: Acme Ltd');
    expect(sent[0]!.text).toContain(
      'cat2: 1 ticket\n    assess: 1 met, 0 breached, 0 running — achievement 100 %, median 60 business minutes',
    );
    expect(sent[0]!.text).toContain('Hours called off: 2.5; hours purchased: 40');
  });

  it('mails nothing on other days of the month, and a failed send is tried again on the next run', async () => {
    let failing = true;
    const sent: string[] = [];
    const sender: EmailSender = {
      send: (m) => (failing ? Promise.reject(new Error('provider down')) : (sent.push(m.to), Promise.resolve())),
    };
    const mailer = new MonthlySlaReportMailer(
      clientStore,
      new SlaReportService(clientStore, source, ledger, clock),
      receipts,
      sender,
      clock,
    );
    now = new Date('2027-01-15T12:00:00.000Z');
    expect(await mailer.run()).toEqual({ sent: [], alreadySent: [], failed: [] });
    now = new Date('2027-01-01T12:00:00.000Z');
    expect((await mailer.run()).failed).toHaveLength(2);
    failing = false;
    now = new Date('2027-01-01T13:00:00.000Z');
    expect((await mailer.run()).sent).toEqual(['acme/2026-12 → boss@acme.test', 'acme/2026-12 → cfo@acme.test']);
    expect(sent.sort()).toEqual(['boss@acme.test', 'cfo@acme.test']);
  });
});
