import { describe, expect, it } from 'vitest';
import { TableTicketStore } from '../../../src/adapters/tables/table-ticket-store';
import { occurrenceClaimKey } from '../../../src/domain/maintenance/schedule';
import { newTicket } from '../../../src/domain/tickets/ticket';
import {
  ClaimTakenError,
  type CreateTicketCommand,
  type CreateTicketOutcome,
  type TicketClaim,
} from '../../../src/ports/ticket-store';
import { useTicketsTable } from '../../support/tickets-table';
import { loosePendingEvent } from '../../support/loose-event';

const tickets = useTicketsTable();

const at = '2026-11-24T10:00:00.000Z';
const command = (clientId: string, claim?: TicketClaim): CreateTicketCommand => ({
  clientId,
  build: (number) => ({
    ticket: newTicket({
      clientId,
      ticketPrefix: clientId.toUpperCase(),
      number,
      title: 't',
      description: 'd',
      severity: 's',
      type: 'defect',
      reporter: 'k',
      receivedAt: at,
    }),
    events: [loosePendingEvent({ type: 'ticket.created', at, actor: 'k', data: {} })],
    position: `o|1|${at}|${String(number).padStart(10, '0')}`,
  }),
  ...(claim ? { claim } : {}),
});

async function settle(promises: Promise<CreateTicketOutcome>[]) {
  const results = await Promise.allSettled(promises);
  return {
    created: results.filter((r) => r.status === 'fulfilled').length,
    taken: results.filter((r) => r.status === 'rejected' && r.reason instanceof ClaimTakenError).length,
    other: results.flatMap((r) =>
      r.status === 'rejected' && !(r.reason instanceof ClaimTakenError) ? [r.reason as unknown] : [],
    ),
  };
}

describe('ticket claims in the Table store', () => {
  it('gives a claim to one of many concurrent creates (never two in one group commit)', async () => {
    const store = new TableTicketStore(tickets.table());
    const result = await settle(
      Array.from({ length: 30 }, () => store.create(command('sameclaim', { key: 'alert|pagerduty|k1' }))),
    );
    expect(result).toMatchObject({ created: 1, taken: 29, other: [] });
    expect((await store.list({ clientId: 'sameclaim' })).map((t) => t.number)).toEqual([1]);
    expect((await store.readClaim('sameclaim', 'alert|pagerduty|k1'))?.number).toBe(1);
  });

  it("keeps a maintenance occurrence's claim under its own row key, and gives it to one of many creates", async () => {
    const store = new TableTicketStore(tickets.table());
    const key = occurrenceClaimKey('health', '2027-04-06');
    const result = await settle(Array.from({ length: 10 }, () => store.create(command('occurrence', { key }))));
    expect(result).toMatchObject({ created: 1, taken: 9, other: [] });
    expect((await store.readClaim('occurrence', key))?.number).toBe(1);
    // The occurrence is readable in the row that makes its ticket unique (not hashed like alert keys).
    const row = await tickets.table().getEntity<{ number: number }>('occurrence', 'occ|health|2027-04-06');
    expect(row.number).toBe(1);
  });

  it('fails only the member whose claim is taken when creates are committed together', async () => {
    const store = new TableTicketStore(tickets.table());
    await store.create(command('mixed', { key: 'taken' }));
    // The first of these commits alone; the next 24 (the taken claim among them) go in one transaction.
    const result = await settle([
      ...Array.from({ length: 20 }, (_, i) => store.create(command('mixed', { key: `free-${i}` }))),
      store.create(command('mixed', { key: 'taken' })),
      ...Array.from({ length: 5 }, () => store.create(command('mixed'))),
    ]);
    expect(result).toMatchObject({ created: 25, taken: 1, other: [] });
    const numbers = (await store.list({ clientId: 'mixed' })).map((t) => t.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  });

  it('takes a claim over only at the version it was read at', async () => {
    const store = new TableTicketStore(tickets.table());
    await store.create(command('takeover', { key: 'c' }));
    const first = await store.readClaim('takeover', 'c');
    if (!first) throw new Error('no claim');
    await store.create(command('takeover', { key: 'c', replaces: first.version }));
    await expect(store.create(command('takeover', { key: 'c', replaces: first.version }))).rejects.toBeInstanceOf(
      ClaimTakenError,
    );
    const second = await store.readClaim('takeover', 'c');
    expect(second?.number).toBe(2);
    // Two takeovers racing from the same read: one wins.
    const race = await settle([
      store.create(command('takeover', { key: 'c', replaces: second?.version })),
      store.create(command('takeover', { key: 'c', replaces: second?.version })),
    ]);
    expect(race).toMatchObject({ created: 1, taken: 1, other: [] });
    expect((await store.list({ clientId: 'takeover' })).length).toBe(3);
  });

  it('gives a claim to one of two processes (two stores) racing for it', async () => {
    const a = new TableTicketStore(tickets.table());
    const b = new TableTicketStore(tickets.table());
    const result = await settle(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).create(command('twostores', { key: 'shared' }))),
    );
    expect(result).toMatchObject({ created: 1, taken: 19, other: [] });
  });
});
