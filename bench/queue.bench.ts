/**
 * What closed history costs a page of the queue (docs/ticket-queue.md): two clients on the same
 * agreement with the same open tickets, one of them also with 5,000 closed tickets numbered among them
 * (as years of history leave them). The first pages of each client's queue (`TicketService.list`, what
 * `GET /api/tickets?clientId=` runs) are timed in the same run, on an Azurite this script starts, and
 * the ratio printed: with the queue index it stays near 1 (aim ≤ 1.5) because a page reads about one
 * page of index rows and one ticket per item, whatever is closed. For contrast, reading every ticket of
 * the client (`TableTicketStore.list`, what the list did before the index) is timed too.
 *
 * Run: npm run bench:queue [-- closed-tickets] (default 5000). Prints numbers only; nothing here
 * asserts a time. Tickets are written straight through TableTicketStore (no SLA orchestrations).
 */
import { createTableClients, ensureTables } from '../src/adapters/tables/table-clients';
import { TableClientStore } from '../src/adapters/tables/table-client-store';
import { TableTicketStore } from '../src/adapters/tables/table-ticket-store';
import { inMemoryClientService } from '../test/support/in-memory/in-memory-services';
import type { Principal } from '../src/app/principal';
import { TicketService } from '../src/app/ticket-service';
import { PersonDirectory } from '../src/app/person-directory';
import { TablePeopleStore } from '../src/adapters/tables/table-people-store';
import { TableHourBankStore } from '../src/adapters/tables/table-hour-bank-store';
import { queuePositionOf } from '../src/app/ticket-view';
import type { Client } from '../src/domain/clients/client';
import { newTicket, type Ticket } from '../src/domain/tickets/ticket';
import { clientBodySchema } from '../src/http/operations/client-schemas';
import { startAzurite } from '../local-host/azurite-process';
import { contractClient } from '../test/support/contract';
import { loosePendingEvent } from '../test/support/loose-event';
import { seededRandom } from './seeded-random';

const closedCount = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5_000);
const openCount = 300;
const pageSize = 50;
const pagesPerRead = 3;
const ROUNDS = 15;
const now = Date.parse('2026-11-23T12:00:00.000Z');
const hour = 3_600_000;

const random = seededRandom(20261202);
const iso = (ms: number) => new Date(ms).toISOString();

function ticketOf(client: Client, number: number, closed: boolean): Ticket {
  const severity = ['cat1', 'cat2', 'cat3', 'cat4'][Math.floor(random() * 4)]!;
  const received = closed ? now - (30 + random() * 3 * 365) * 24 * hour : now - random() * 72 * hour;
  const ticket = newTicket({
    clientId: client.id,
    ticketPrefix: client.ticketPrefix,
    number,
    title: `Ticket ${number}`,
    description: 'Saving an invoice fails with a 500 error.'.repeat(4),
    severity,
    type: 'defect',
    reporter: 'jo@acme.test',
    receivedAt: iso(received),
  });
  if (!closed) return ticket;
  const stop = iso(received + random() * 48 * hour);
  return {
    ...ticket,
    status: 'closed',
    clocks: {
      assess: { ...ticket.clocks.assess, stoppedAt: stop },
      resolve: { ...ticket.clocks.resolve, stoppedAt: stop },
    },
  };
}

/** `open` open tickets and `closed` closed ones, shuffled into one numbering, 16 writers at a time (group commit). */
async function fill(store: TableTicketStore, client: Client, open: number, closed: number): Promise<void> {
  const kinds = [...Array<boolean>(open).fill(false), ...Array<boolean>(closed).fill(true)].sort(() => random() - 0.5);
  let next = 0;
  const workers = Array.from({ length: 16 }, async () => {
    for (let i = next++; i < kinds.length; i = next++) {
      const isClosed = kinds[i]!;
      await store.create({
        clientId: client.id,
        build: (number) => {
          const ticket = ticketOf(client, number, isClosed);
          return {
            ticket,
            events: [
              loosePendingEvent({ type: 'ticket.created', at: ticket.receivedAt, actor: 'jo@acme.test', data: {} }),
            ],
            position: queuePositionOf(ticket, client),
          };
        },
      });
    }
  });
  await Promise.all(workers);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
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
    const clients = inMemoryClientService(clientStore, { now: () => new Date(now) });
    const body = clientBodySchema.parse(contractClient());
    const { client: fresh } = await clients.putClient('fresh', { ...body, ticketPrefix: 'FRESH' });
    const { client: history } = await clients.putClient('history', { ...body, ticketPrefix: 'HIST' });
    const store = new TableTicketStore(tables.tickets);
    const service = new TicketService(
      clientStore,
      store,
      { now: () => new Date(now) },
      [],
      new PersonDirectory(new TablePeopleStore(tables.people)),
      new TableHourBankStore(tables.tickets),
    );
    const admin: Principal = { kind: 'admin' };

    const started = performance.now();
    await fill(store, fresh, openCount, 0);
    await fill(store, history, openCount, closedCount);
    console.log(
      `created ${openCount} open tickets on each client and ${closedCount} closed ones on "history" in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    /** The first `pagesPerRead` pages of the client's default queue (every open status), cursor to cursor. */
    const readPages = async (clientId: string): Promise<number> => {
      let after;
      let items = 0;
      for (let p = 0; p < pagesPerRead; p++) {
        const page = await service.list(admin, { clientId, limit: pageSize, ...(after ? { after } : {}) });
        items += page.items.length;
        after = page.next;
      }
      return items;
    };
    // Warm up both (the one-off backfill check, connections, JIT), then alternate so drift hits both alike.
    await readPages('fresh');
    await readPages('history');
    const times: Record<'fresh' | 'history', number[]> = { fresh: [], history: [] };
    let items = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const clientId of ['fresh', 'history'] as const) {
        const t0 = performance.now();
        items = await readPages(clientId);
        times[clientId].push(performance.now() - t0);
      }
    }
    const perPage = (clientId: 'fresh' | 'history') => median(times[clientId]) / pagesPerRead;
    const t0 = performance.now();
    const everything = (await store.list({ clientId: 'history' })).length;
    const fullRead = performance.now() - t0;

    console.log(
      `\npage of ${pageSize} open tickets (median of ${ROUNDS} reads of ${pagesPerRead} pages, ${items} items each):`,
    );
    console.log(`  no closed tickets      : ${perPage('fresh').toFixed(1)} ms per page`);
    console.log(`  ${closedCount} closed tickets : ${perPage('history').toFixed(1)} ms per page`);
    console.log(`  with ÷ without closed history: ${(perPage('history') / perPage('fresh')).toFixed(2)} (aim ≤ 1.5)`);
    console.log(
      `\nfor contrast, reading every ticket of "history" (the list before the index): ${everything} tickets in ${fullRead.toFixed(0)} ms`,
    );
  } finally {
    await azurite.stop();
  }
}

void main();
