import { expect } from 'vitest';
import type { HourBankService } from '../../src/app/hour-bank-service';
import { inMemoryClientService } from './in-memory/in-memory-services';
import type { Principal } from '../../src/app/principal';
import type { TicketService } from '../../src/app/ticket-service';
import type { CloudEvent } from '../../src/domain/events/cloud-event';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { ClientStore } from '../../src/ports/client-store';
import type { HourBankStore } from '../../src/ports/hour-bank-store';
import type { TicketStore } from '../../src/ports/ticket-store';
import { contractClient } from './contract';

/** What the hour-bank tests need of one set of services, on in-memory ports (test/app) or on Azurite (test/adapters). */
export interface HourBankServices {
  readonly clientStore: ClientStore;
  readonly ticketStore: TicketStore;
  readonly bankStore: HourBankStore;
  readonly tickets: TicketService;
  readonly hourBank: HourBankService;
  /** The client's hour-bank events still in the outbox (nothing relays them in these tests). */
  hourBankEvents(clientId: string): Promise<CloudEvent[]>;
}

const admin: Principal = { kind: 'admin' };

/** A client with the hour-bank policy given, one contact and one open ticket; returns the ticket id. */
export async function clientWithTicket(
  services: HourBankServices,
  clientId: string,
  prefix: string,
  hourBank: { lowBalanceHours: number; overdraftHours: number },
): Promise<string> {
  const base = contractClient() as { agreement: Record<string, unknown> };
  const body = clientBodySchema.parse({
    ...base,
    name: clientId,
    ticketPrefix: prefix,
    agreement: { ...base.agreement, hourBank },
    notifications: { webhooks: [] },
  });
  const clients = inMemoryClientService(services.clientStore, { now: () => new Date() });
  await clients.putClient(clientId, body);
  await clients.putContact(clientId, 'boss@client.test', { name: 'Boss', roles: ['approver'], active: true });
  const created = await services.tickets.create(admin, {
    clientId,
    title: 'Work',
    description: 'd',
    severity: 'cat2',
    type: 'defect',
    reporter: 'boss@client.test',
  });
  return (created.view as { id: string }).id;
}

/** Everything the stores hold for a client, checked against itself: ledger ↔ balance ↔ time entries ↔ ticket ↔ outbox. */
export async function auditHourBank(services: HourBankServices, clientId: string, ticketId: string) {
  const bank = await services.hourBank.view(admin, clientId);
  const entries = bank.entries;
  const number = Number(ticketId.split('-')[1]);
  const timeEntries = await services.bankStore.timeEntries(clientId, number);
  const ticket = (await services.ticketStore.get(clientId, number))?.ticket;
  const outbox = await services.hourBankEvents(clientId);
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
  expect(callOffs.map((e) => e.timeEntry).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
    timeEntries.filter((t) => t.billing === 'hour-bank').map((t) => t.seq),
  );
  expect(ticket?.hoursBooked ?? 0).toBe(timeEntries.reduce((s, t) => s + t.hours, 0));
  expect(outbox.filter((e) => e.type === 'hourbank.called-off')).toHaveLength(callOffs.length);
  return { bank, entries, timeEntries, ticket, outbox };
}
