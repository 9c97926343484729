import { ClientService } from '../../../src/app/client-service';
import { PersonDirectory } from '../../../src/app/person-directory';
import { TicketService } from '../../../src/app/ticket-service';
import type { TicketChangeListener } from '../../../src/ports/change-listeners';
import type { ClientStore } from '../../../src/ports/client-store';
import type { Clock } from '../../../src/ports/clock';
import { strictOutboundPolicy } from '../../../src/domain/network/outbound-url';
import type { HourBankStore } from '../../../src/ports/hour-bank-store';
import type { PeopleStore } from '../../../src/ports/people-store';
import { InMemoryHourBankStore } from './in-memory-hour-bank-store';
import { InMemoryPeopleStore } from './in-memory-people-store';
import type { InMemoryTicketStore } from './in-memory-ticket-store';

/**
 * A `TicketService` with every dependency it requires: in-memory people (nobody, unless given) and an
 * hour bank over the same ticket store (empty, unless given), so its checks run as in production.
 */
export function inMemoryTicketService(
  clientStore: ClientStore,
  ticketStore: InMemoryTicketStore,
  clock: Clock,
  with_: {
    readonly listeners?: readonly TicketChangeListener[];
    readonly people?: PeopleStore;
    readonly hourBank?: HourBankStore;
  } = {},
): TicketService {
  return new TicketService(
    clientStore,
    ticketStore,
    clock,
    with_.listeners ?? [],
    new PersonDirectory(with_.people ?? new InMemoryPeopleStore()),
    with_.hourBank ?? new InMemoryHourBankStore(ticketStore),
  );
}

/**
 * A `ClientService` with every dependency it requires: the strict outbound policy and in-memory people
 * (the person → clients index sign-in reads), unless given.
 */
export function inMemoryClientService(
  clientStore: ClientStore,
  clock: Clock,
  people: PeopleStore = new InMemoryPeopleStore(),
): ClientService {
  return new ClientService(clientStore, clock, strictOutboundPolicy, people);
}
