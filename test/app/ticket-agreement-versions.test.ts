import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientService } from '../../src/app/client-service';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import type { Principal } from '../../src/app/principal';
import { SlaKeeper } from '../../src/app/sla-keeper';
import type { TicketService } from '../../src/app/ticket-service';
import type { TicketView } from '../../src/app/ticket-view';
import type { ClientSettings } from '../../src/domain/clients/client';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

let tickets: TicketService;
let clients: ClientService;
let keeper: SlaKeeper;
let now = new Date('2026-11-24T10:00:00Z');
const clock: Clock = { now: () => now };
const admin: Principal = { kind: 'admin' };
const clientKey: Principal = {
  kind: 'client-key',
  clientId: 'pin',
  keyId: 'k1',
  name: 'ci',
  scopes: ['tickets:read', 'tickets:write'],
};
const body = clientBodySchema.parse({ ...contractClient(), ticketPrefix: 'PIN' });

beforeAll(async () => {
  // In-memory ports: version rows on the table store are tested in test/adapters/tables/table-client-store.test.ts.
  const clientStore = new InMemoryClientStore();
  const ticketStore = new InMemoryTicketStore();
  clients = inMemoryClientService(clientStore, clock);
  tickets = inMemoryTicketService(clientStore, ticketStore, clock);
  keeper = new SlaKeeper(clientStore, ticketStore);
  await clients.putClient('pin', body);
  await clients.putContact('pin', 'jo@pin.test', { name: 'Jo', roles: ['requester'], active: true });
});

const raise = async (title: string): Promise<TicketView> =>
  (
    await tickets.create(admin, {
      clientId: 'pin',
      title,
      description: 'd',
      severity: 'cat2',
      type: 'defect',
      reporter: 'jo@pin.test',
    })
  ).view;

/** The office calendar open one hour on Mondays only: every cat2 due instant moves by weeks. */
const mondayMornings: ClientSettings = clientBodySchema.parse({
  ...contractClient(),
  ticketPrefix: 'PIN',
  agreement: {
    ...(contractClient().agreement as object),
    calendars: { office: { weekly: { mon: ['09:00-10:00'] } }, always: { weekly: '24x7' } },
  },
});

describe('agreement versions pinned on tickets', () => {
  it('a running ticket keeps its due instants and its warning after the calendar changes; a new ticket follows the new one', async () => {
    now = new Date('2026-11-24T10:00:00Z');
    const before = await raise('received under v1');
    expect(before.agreementVersion).toBe(1);
    expect(before.sla.assess.dueAt).toBe('2026-11-24T14:00:00.000Z');

    now = new Date('2026-11-24T10:30:00Z');
    const replaced = await clients.putClient('pin', mondayMornings);
    expect(replaced.client.agreementVersion).toBe(2);
    // The same body again is no new version.
    expect((await clients.putClient('pin', mondayMornings)).client.agreementVersion).toBe(2);

    const read = (await tickets.get(admin, before.id)).view;
    expect(read.agreementVersion).toBe(1);
    expect(read.sla.assess.dueAt).toBe('2026-11-24T14:00:00.000Z');
    expect(read.sla.resolve.dueAt).toBe(before.sla.resolve.dueAt);

    // The SLA keeper fires the 75 % warning when v1 says, with v1's due instant.
    const plan = await keeper.keep({ clientId: 'pin', number: before.number }, '2026-11-24T13:00:00.000Z');
    expect(plan.recorded).toBe(1);
    const warning = (await tickets.timelinePage(admin, before.id, { after: 0, limit: 500 })).items.find(
      (e) => e.type === 'sla.warning',
    );
    expect(warning?.data).toMatchObject({ clock: 'assess', fraction: 0.75, dueAt: '2026-11-24T14:00:00.000Z' });

    now = new Date('2026-11-24T13:30:00Z');
    const after = await raise('received under v2');
    expect(after.agreementVersion).toBe(2);
    expect(after.sla.assess.dueAt).toBe('2026-12-21T10:00:00.000Z');
    // Acting on the old ticket (an assessment) keeps judging it by v1.
    const assessed = await tickets.act(admin, before.id, { action: 'assess', tier: 'L2' });
    expect(assessed.view.sla.assess).toMatchObject({ status: 'met', dueAt: '2026-11-24T14:00:00.000Z' });
    const listed = (await tickets.list(admin, { clientId: 'pin' })).items;
    expect(listed.find((t) => t.id === after.id)?.sla.assess.dueAt).toBe('2026-12-21T10:00:00.000Z');
    expect(listed.find((t) => t.id === before.id)?.sla.resolve.dueAt).toBe(before.sla.resolve.dueAt);
  });
});

describe('Idempotency-Key on actions', () => {
  it('a repeat answers the first response without applying again; another body with the key is refused', async () => {
    now = new Date('2026-11-25T10:00:00Z');
    const ticket = await raise('idempotent');
    const first = await tickets.actOnce(admin, ticket.id, { action: 'comment', text: 'once' }, 'key-1');
    const again = await tickets.actOnce(admin, ticket.id, { action: 'comment', text: 'once' }, 'key-1');
    expect(first.kind).toBe('applied');
    expect(again).toEqual({ kind: 'replayed', view: JSON.parse(JSON.stringify(first.view)) as unknown });
    expect(
      (await tickets.timelinePage(admin, ticket.id, { after: 0, limit: 500 })).items.filter(
        (e) => e.type === 'ticket.commented',
      ),
    ).toHaveLength(1);
    await expect(
      tickets.actOnce(admin, ticket.id, { action: 'comment', text: 'other' }, 'key-1'),
    ).rejects.toMatchObject({ kind: 'unprocessable', field: 'Idempotency-Key' });
    // Keys are the caller's own: another caller's same key is another request.
    expect((await tickets.actOnce(clientKey, ticket.id, { action: 'comment', text: 'once' }, 'key-1')).kind).toBe(
      'applied',
    );
  });

  it('concurrent repeats with one key are applied once', async () => {
    const ticket = await raise('concurrent');
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        tickets.actOnce(admin, ticket.id, { action: 'comment', text: 'together' }, 'key-c'),
      ),
    );
    expect(results.filter((r) => r.kind === 'applied')).toHaveLength(1);
    expect(
      (await tickets.timelinePage(admin, ticket.id, { after: 0, limit: 500 })).items.filter(
        (e) => e.type === 'ticket.commented',
      ),
    ).toHaveLength(1);
  });

  it('a repeat after the ticket moved on still replays, even with the If-Match of the first request', async () => {
    const ticket = await raise('if-match');
    const { version } = await tickets.get(admin, ticket.id);
    const expected = (v: string) => v === version;
    expect((await tickets.actOnce(admin, ticket.id, { action: 'assess', tier: 'L2' }, 'key-m', expected)).kind).toBe(
      'applied',
    );
    expect((await tickets.actOnce(admin, ticket.id, { action: 'assess', tier: 'L2' }, 'key-m', expected)).kind).toBe(
      'replayed',
    );
  });
});

describe('timeline pages', () => {
  it('pages through every event for staff; a client key never sees internal notes and still gets full pages', async () => {
    const ticket = await raise('long');
    for (let i = 1; i <= 30; i++)
      await tickets.act(admin, ticket.id, {
        action: 'comment',
        text: `c${i}`,
        ...(i % 3 === 0 ? { internal: true } : {}),
      });
    const all = async (principal: Principal, limit: number) => {
      const seqs: number[][] = [];
      let after = 0;
      for (;;) {
        const page = await tickets.timelinePage(principal, ticket.id, { after, limit });
        seqs.push(page.items.map((e) => e.seq));
        if (page.nextAfter === undefined) return seqs;
        after = page.nextAfter;
      }
    };
    const staffPages = await all(admin, 7);
    expect(staffPages.flat()).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(staffPages.map((p) => p.length)).toEqual([7, 7, 7, 7, 3]);
    const clientPages = await all(clientKey, 7);
    // Internal notes are seqs 4, 7, …, 31 (every third comment after the creation event).
    const visible = Array.from({ length: 31 }, (_, i) => i + 1).filter((seq) => seq === 1 || (seq - 1) % 3 !== 0);
    expect(clientPages.flat()).toEqual(visible);
    expect(clientPages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
  });
});
