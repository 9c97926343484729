import { describe, expect, it } from 'vitest';
import { TableTicketStore } from '../../src/adapters/tables/table-ticket-store';
import {
  ClaimTakenError,
  VersionConflictError,
  type CreateTicketCommand,
  type TicketClaim,
  type TicketStore,
} from '../../src/ports/ticket-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';
import { loosePendingEvent } from '../support/loose-event';
import { testTicketCommand } from '../support/test-tickets';
import { useTicketsTable } from '../support/tickets-table';

/**
 * The TicketStore contract, run against the Table implementation (Azurite) and the in-memory one the
 * application-service tests use, so the fake cannot drift from what the services get in Azure.
 * Each case uses clients of its own: the stores may be shared between cases.
 */
const at = '2026-11-23T10:00:00.000Z';
const command = (
  clientId: string,
  options: { title?: string; idempotencyKey?: string; claim?: TicketClaim } = {},
): CreateTicketCommand => ({
  ...testTicketCommand(clientId, { title: options.title ?? 'x', severity: 's', receivedAt: at, position }),
  ...(options.idempotencyKey
    ? {
        idempotency: {
          key: options.idempotencyKey,
          fingerprint: options.title ?? 'x',
          response: (t) => ({ id: t.id }),
        },
      }
    : {}),
  ...(options.claim ? { claim: options.claim } : {}),
});

/** A queue position that sorts by number, as an open ticket with no running clock has. */
const position = (number: number, prefix = 'o|1|') => `${prefix}${String(number).padStart(10, '0')}`;

async function created(store: TicketStore, cmd: CreateTicketCommand) {
  const outcome = await store.create(cmd);
  if (outcome.kind !== 'created') throw new Error(`expected a new ticket, got ${outcome.kind}`);
  return outcome;
}

function ticketStoreContract(name: string, store: () => TicketStore) {
  describe(`TicketStore contract: ${name}`, () => {
    it('numbers concurrent creates of a client 1..n with no gap or duplicate, each client on its own', async () => {
      const outcomes = await Promise.all([
        ...Array.from({ length: 30 }, () => store().create(command('numa'))),
        store().create(command('numb')),
      ]);
      const numbers = (clientId: string) =>
        outcomes
          .flatMap((o) =>
            o.kind === 'created' && o.stored.ticket.clientId === clientId ? [o.stored.ticket.number] : [],
          )
          .sort((a, b) => a - b);
      expect(numbers('numa')).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(numbers('numb')).toEqual([1]);
      expect((await store().get('numa', 30))?.ticket.id).toBe('NUMA-30');
      expect(await store().get('numa', 31)).toBeUndefined();
    });

    it('writes a new version on every update, refuses one against an old version, and numbers the timeline on', async () => {
      const first = await created(store(), command('vers'));
      expect(first.events.map((e) => e.seq)).toEqual([1]);
      const comment = loosePendingEvent({ type: 'ticket.commented', at, actor: 'r@x.test', data: { text: 'hi' } });
      const second = await store().update(
        first.stored,
        { ...first.stored.ticket, title: 'changed' },
        [comment],
        position(1),
      );
      expect(second.stored.version).not.toBe(first.stored.version);
      expect(second.events.map((e) => e.seq)).toEqual([2]);
      await expect(store().update(first.stored, first.stored.ticket, [comment], position(1))).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      const read = await store().get('vers', 1);
      expect(read?.version).toBe(second.stored.version);
      expect(read?.ticket).toMatchObject({ title: 'changed', eventCount: 2 });
      expect((await store().timeline('vers', 1)).map((e) => [e.seq, e.type])).toEqual([
        [1, 'ticket.created'],
        [2, 'ticket.commented'],
      ]);
    });

    it('creates one ticket per idempotency key and replays its record, also for concurrent retries', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, () => store().create(command('idem', { idempotencyKey: 'k1', title: 'once' }))),
      );
      expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.kind === 'replayed'))
        expect(o.record).toEqual({ fingerprint: 'once', ticketId: 'IDEM-1', body: { id: 'IDEM-1' } });
      expect(await store().list({ clientId: 'idem' })).toHaveLength(1);
    });

    it('gives a claim to one ticket at a time, and lets a new ticket take it over only at the version read', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => store().create(command('claim', { claim: { key: 'disk-full' } }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ClaimTakenError)).toHaveLength(3);
      const held = await store().readClaim('claim', 'disk-full');
      expect(held?.number).toBe(1);
      const next = await created(store(), command('claim', { claim: { key: 'disk-full', replaces: held!.version } }));
      expect((await store().readClaim('claim', 'disk-full'))?.number).toBe(next.stored.ticket.number);
      // The version read before the takeover is stale now.
      await expect(
        store().create(command('claim', { claim: { key: 'disk-full', replaces: held!.version } })),
      ).rejects.toBeInstanceOf(ClaimTakenError);
      expect(await store().readClaim('claim', 'other')).toBeUndefined();
    });

    it("lists a client's tickets, by status if asked", async () => {
      const a = await created(store(), command('lista'));
      await created(store(), command('lista'));
      await created(store(), command('listb'));
      await store().update(a.stored, { ...a.stored.ticket, status: 'in-progress' }, [], position(1));
      expect((await store().list({ clientId: 'lista' })).map((t) => t.id).sort()).toEqual(['LISTA-1', 'LISTA-2']);
      expect((await store().list({ clientId: 'lista', status: 'in-progress' })).map((t) => t.id)).toEqual(['LISTA-1']);
    });

    it('keeps one queue row per ticket, moved with the ticket, read in position order from a cursor', async () => {
      for (let i = 0; i < 4; i++) await created(store(), command('queue'));
      const third = (await store().get('queue', 3))!;
      expect(third.position).toBe(position(3));
      // Ticket 3 moves to the front; its old row goes.
      const moved = await store().update(third, { ...third.ticket, status: 'in-progress' }, [], position(0, 'o|0|'));
      expect(moved.stored.position).toBe(position(0, 'o|0|'));
      const range = { from: 'o|', to: 'o}' };
      const all = await store().queue({ clientId: 'queue', range, limit: 10 });
      expect(all.map((r) => [r.number, r.status])).toEqual([
        [3, 'in-progress'],
        [1, 'new'],
        [2, 'new'],
        [4, 'new'],
      ]);
      const page = await store().queue({
        clientId: 'queue',
        range,
        after: { position: position(1), inclusive: false },
        limit: 1,
      });
      expect(page.map((r) => r.number)).toEqual([2]);
      const inclusive = await store().queue({
        clientId: 'queue',
        range,
        after: { position: position(1), inclusive: true },
        limit: 1,
      });
      expect(inclusive.map((r) => r.number)).toEqual([1]);
      const inProgress = await store().queue({
        clientId: 'queue',
        range: { ...range, statuses: ['in-progress'] },
        limit: 10,
      });
      expect(inProgress.map((r) => r.number)).toEqual([3]);
      expect(await store().unindexed('queue')).toEqual([]);
      expect(await store().queueIndexed('queue')).toBe(false);
      await store().markQueueIndexed('queue');
      expect(await store().queueIndexed('queue')).toBe(true);
    });

    it("records an update's idempotency key with it; a second update with the key writes nothing", async () => {
      const first = await created(store(), command('actkey'));
      const comment = loosePendingEvent({ type: 'ticket.commented', at, actor: 'r@x.test', data: { text: 'once' } });
      const idempotency = {
        key: 'admin|k1',
        fingerprint: 'f1',
        response: (t: { id: string; eventCount: number }) => ({ id: t.id, events: t.eventCount }),
      };
      const second = await store().update(
        first.stored,
        first.stored.ticket,
        [comment],
        position(1),
        undefined,
        idempotency,
      );
      expect(await store().readIdempotency('actkey', 'admin|k1')).toEqual({
        fingerprint: 'f1',
        ticketId: 'ACTKEY-1',
        body: { id: 'ACTKEY-1', events: 2 },
      });
      await expect(
        store().update(second.stored, second.stored.ticket, [comment], position(1), undefined, idempotency),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store().timeline('actkey', 1)).map((e) => e.seq)).toEqual([1, 2]);
      expect(await store().readIdempotency('actkey', 'admin|other')).toBeUndefined();
    });

    it('reads a timeline page after a seq, at most the limit', async () => {
      let current = (await created(store(), command('pages'))).stored;
      for (let i = 0; i < 12; i++) {
        current = (
          await store().update(
            current,
            current.ticket,
            [loosePendingEvent({ type: 'ticket.commented', at, actor: 'r@x.test', data: { text: `c${i}` } })],
            position(1),
          )
        ).stored;
      }
      expect((await store().timelinePage('pages', 1, { after: 0, limit: 5 })).map((e) => e.seq)).toEqual([
        1, 2, 3, 4, 5,
      ]);
      expect((await store().timelinePage('pages', 1, { after: 5, limit: 5 })).map((e) => e.seq)).toEqual([
        6, 7, 8, 9, 10,
      ]);
      expect((await store().timelinePage('pages', 1, { after: 10, limit: 5 })).map((e) => e.seq)).toEqual([11, 12, 13]);
      expect(await store().timelinePage('pages', 1, { after: 13, limit: 5 })).toEqual([]);
    });
  });
}

const table = useTicketsTable();
let tableStore: TableTicketStore | undefined;
ticketStoreContract('TableTicketStore on Azurite', () => (tableStore ??= new TableTicketStore(table.table())));
const memory = new InMemoryTicketStore();
ticketStoreContract('InMemoryTicketStore', () => memory);
