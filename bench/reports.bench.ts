/**
 * The cost of an SLA report (docs/product-spec.md §6): one year of 10,000 tickets of one client, against listing the
 * same tickets (`TableTicketStore.list`, what `GET /api/tickets?clientId=` reads) in the same run, on
 * an Azurite this script starts. With `--older-year`, a year of older tickets is then added to the
 * client and both are measured again: the listing reads both years, the report still only its own
 * (the receipt index).
 *
 * Run: npm run bench:reports [-- tickets-per-year] [--older-year]. Prints numbers only; nothing here
 * asserts a time. Tickets are written straight through TableTicketStore (no SLA orchestrations).
 */
import { createTableClients, ensureTables } from '../src/adapters/tables/table-clients';
import { TableClientStore } from '../src/adapters/tables/table-client-store';
import { TableReportTickets } from '../src/adapters/tables/table-report-tickets';
import { TableTicketStore } from '../src/adapters/tables/table-ticket-store';
import { inMemoryClientService } from '../test/support/in-memory/in-memory-services';
import { SlaReportService } from '../src/app/sla-report-service';
import type { Client } from '../src/domain/clients/client';
import { clientBodySchema } from '../src/http/operations/client-schemas';
import { newTicket, type Ticket } from '../src/domain/tickets/ticket';
import { startAzurite } from '../local-host/azurite-process';
import { emptyHourBankLedger } from '../src/ports/hour-bank-ledger';
import { contractClient } from '../test/support/contract';
import { loosePendingEvent } from '../test/support/loose-event';
import { seededRandom } from './seeded-random';

const perYear = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
const ROUNDS = 3;

const random = seededRandom(20261201);
const iso = (ms: number) => new Date(ms).toISOString();

/** A ticket of `year` as the app would have left it: some assessed, resolved, paused or reopened. */
function ticketOf(number: number, received: number): Ticket {
  const severity = ['cat1', 'cat2', 'cat2', 'cat3', 'cat4'][Math.floor(random() * 5)]!;
  const ticket = newTicket({
    clientId: 'acme',
    ticketPrefix: 'ACME',
    number,
    title: `Ticket ${number}`,
    description: 'Saving an invoice fails with a 500 error.'.repeat(4),
    severity,
    type: 'defect',
    reporter: 'jo@acme.test',
    receivedAt: iso(received),
  });
  const assessAt = received + random() * 8 * 3_600_000;
  const pausedFrom = assessAt + random() * 24 * 3_600_000;
  const pausedTo = pausedFrom + random() * 48 * 3_600_000;
  const resolvedAt = pausedTo + random() * 72 * 3_600_000;
  const done = random() < 0.9;
  return {
    ...ticket,
    status: done ? 'closed' : 'in-progress',
    clocks: {
      assess: { startedAt: ticket.receivedAt, pauses: [], stoppedAt: iso(assessAt) },
      resolve: {
        startedAt: ticket.receivedAt,
        pauses: [{ from: iso(pausedFrom), to: iso(pausedTo) }],
        ...(done ? { stoppedAt: iso(resolvedAt) } : {}),
      },
    },
  };
}

async function fill(store: TableTicketStore, year: number, count: number): Promise<void> {
  const start = Date.UTC(year, 0, 1);
  const step = (Date.UTC(year + 1, 0, 1) - start) / count;
  let next = 0;
  const one = async (i: number) => {
    const received = Math.floor(start + i * step);
    await store.create({
      clientId: 'acme',
      build: (number) => ({
        ticket: ticketOf(number, received),
        events: [loosePendingEvent({ type: 'ticket.created', at: iso(received), actor: 'jo@acme.test', data: {} })],
        position: `o|1|${iso(received)}|${String(number).padStart(10, '0')}`,
      }),
    });
  };
  // In receipt order, a few at a time (group commit), as tickets arrive.
  const workers = Array.from({ length: 16 }, async () => {
    for (let i = next++; i < count; i = next++) await one(i);
  });
  await Promise.all(workers);
}

async function time(run: () => Promise<number>): Promise<{ ms: number; count: number }> {
  let best = Infinity;
  let count = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    count = await run();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, count };
}

async function measure(
  label: string,
  store: TableTicketStore,
  reports: SlaReportService,
  client: Client,
): Promise<void> {
  const list = await time(async () => (await store.list({ clientId: 'acme' })).length);
  const report = await time(async () => {
    const r = await reports.build(client, '2026-01', '2026-12');
    return r.months.reduce((n, m) => n + m.severities.reduce((k, s) => k + s.tickets, 0), 0);
  });
  const perThousand = (t: { ms: number; count: number }) => (t.ms / t.count) * 1000;
  console.log(`\n${label}`);
  console.log(
    `  listing the client's tickets : ${list.count} tickets in ${list.ms.toFixed(0)} ms  → ${perThousand(list).toFixed(1)} ms per 1,000`,
  );
  console.log(
    `  SLA report 2026-01..2026-12  : ${report.count} tickets in ${report.ms.toFixed(0)} ms  → ${perThousand(report).toFixed(1)} ms per 1,000`,
  );
  console.log(
    `  report ÷ listing, per 1,000 tickets: ${(perThousand(report) / perThousand(list)).toFixed(2)}; whole request: ${(report.ms / list.ms).toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  const azurite = await startAzurite({});
  try {
    const tables = createTableClients({
      AzureWebJobsStorage: azurite.connectionString,
      AzureWebJobsStorage__tableServiceUri: undefined,
      AZURE_CLIENT_ID: undefined,
    });
    await ensureTables(tables);
    const clientStore = new TableClientStore(tables.clients);
    const { client: stored } = await inMemoryClientService(clientStore, {
      now: () => new Date('2027-01-01T00:00:00Z'),
    }).putClient('acme', clientBodySchema.parse(contractClient()));
    const store = new TableTicketStore(tables.tickets);
    const reports = new SlaReportService(clientStore, new TableReportTickets(tables.tickets), emptyHourBankLedger, {
      now: () => new Date('2027-01-15T00:00:00Z'),
    });

    let started = performance.now();
    await fill(store, 2026, perYear);
    console.log(
      `created ${perYear} tickets received in 2026 in ${((performance.now() - started) / 1000).toFixed(1)} s (best of ${ROUNDS} runs below)`,
    );
    await measure(`one year, ${perYear} tickets`, store, reports, stored);
    if (!process.argv.includes('--older-year')) return;

    started = performance.now();
    await fill(store, 2025, perYear);
    console.log(
      `\ncreated ${perYear} more, received in 2025, in ${((performance.now() - started) / 1000).toFixed(1)} s (numbered after 2026's: as if imported)`,
    );
    await measure(`two years on the client, the 2026 report`, store, reports, stored);
  } finally {
    await azurite.stop();
  }
}

void main();
