import { CachedClientStore } from '../../src/adapters/caching/cached-client-store';
import { createTableClients, ensureTables } from '../../src/adapters/tables/table-clients';
import { TableClientStore } from '../../src/adapters/tables/table-client-store';
import { TableHourBankStore } from '../../src/adapters/tables/table-hour-bank-store';
import { TableOutbox } from '../../src/adapters/tables/table-outbox';
import { TableTicketStore } from '../../src/adapters/tables/table-ticket-store';
import { HourBankService } from '../../src/app/hour-bank-service';
import { TicketService } from '../../src/app/ticket-service';
import { PersonDirectory } from '../../src/app/person-directory';
import { TablePeopleStore } from '../../src/adapters/tables/table-people-store';
import type { Clock } from '../../src/ports/clock';
import { hourBankOutboxNumber } from '../../src/ports/outbox';
import type { HourBankServices } from './hour-bank-audit';

/**
 * The hour-bank services as one process builds them, on the storage account of `connectionString`:
 * a second call builds a second, independent set (its own table clients, queues and caches), which is
 * what another process would have.
 */
export async function hourBankServices(
  connectionString: string,
  clock: Clock = { now: () => new Date() },
): Promise<HourBankServices> {
  const tables = createTableClients({
    AzureWebJobsStorage: connectionString,
    AzureWebJobsStorage__tableServiceUri: undefined,
    AZURE_CLIENT_ID: undefined,
  });
  await ensureTables(tables);
  const clientStore = new CachedClientStore(new TableClientStore(tables.clients));
  const ticketStore = new TableTicketStore(tables.tickets);
  const bankStore = new TableHourBankStore(tables.tickets);
  const outbox = new TableOutbox(tables.tickets, tables.clients);
  return {
    clientStore,
    ticketStore,
    bankStore,
    tickets: new TicketService(
      clientStore,
      ticketStore,
      clock,
      [],
      new PersonDirectory(new TablePeopleStore(tables.people)),
      bankStore,
    ),
    hourBank: new HourBankService(clientStore, ticketStore, bankStore, clock),
    hourBankEvents: async (clientId) =>
      (await outbox.pendingForTickets(clientId, [hourBankOutboxNumber])).map((e) => e.event),
  };
}
