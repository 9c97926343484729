import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LazyTable } from '../../src/adapters/tables/notification-tables';
import { TableWebhookDeliveries } from '../../src/adapters/tables/table-webhook-deliveries';
import { ticketCloudEvent } from '../../src/domain/events/cloud-event';
import type { Clock } from '../../src/ports/clock';
import type { LaneRef, WebhookDelivery, WebhookDeliveryStore } from '../../src/ports/webhook-delivery-store';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { InMemoryWebhookDeliveries } from '../support/in-memory/in-memory-webhook-deliveries';
import { looseEvent } from '../support/loose-event';

/**
 * The WebhookDeliveryStore contract, run against the Table implementation (Azurite) and the in-memory one
 * the webhook delivery tests use, so the fake cannot drift. Each case uses a client of its own (the
 * stores are shared between cases); leases run on `realClock`, moved by the cases.
 */
let now = new Date('2026-11-24T10:00:00.000Z');
const realClock: Clock = { now: () => now };
const minute = 60_000;

const lane = (clientId: string, name = 'T-1'): LaneRef => ({ clientId, webhookKey: 'wk1', lane: name });
function delivery(ref: LaneRef, position: number, fields: Partial<WebhookDelivery> = {}): WebhookDelivery {
  const event = ticketCloudEvent(
    { clientId: ref.clientId, ticketId: ref.lane, severity: 'cat1', title: 'Down', status: 'new' },
    looseEvent({
      seq: position,
      type: 'ticket.commented',
      at: now.toISOString(),
      actor: 'admin',
      data: { n: position },
    }),
  );
  return {
    lane: ref,
    position,
    url: 'https://hooks.test/a',
    event,
    state: 'pending',
    attempts: 0,
    recordedAt: now.toISOString(),
    ...fields,
  };
}

function contract(name: string, store: () => WebhookDeliveryStore): void {
  describe(`WebhookDeliveryStore contract: ${name}`, () => {
    it('records a delivery once: recorded again it keeps its state; a lane lists its deliveries in position order', async () => {
      const ref = lane('rec');
      await store().record([delivery(ref, 3), delivery(ref, 1)]);
      await store().record([delivery(ref, 2), delivery(ref, 1, { state: 'delivered', attempts: 5 })]);
      await store().record([delivery(lane('rec', 'T-2'), 1)]);
      const listed = await store().laneDeliveries(ref);
      expect(listed.map((d) => [d.position, d.state, d.attempts])).toEqual([
        [1, 'pending', 0],
        [2, 'pending', 0],
        [3, 'pending', 0],
      ]);
      expect(listed[0]).toEqual(delivery(ref, 1));
      expect((await store().find(ref, 2))?.value).toEqual(delivery(ref, 2));
      expect(await store().find(ref, 4)).toBeUndefined();
    });

    it('gives a lane to one holder until its lease runs out, then to the next, with the head as last saved', async () => {
      const ref = lane('lease');
      const first = await store().claimLane(ref, minute);
      expect(first?.head).toEqual({ nextPosition: 1 });
      expect(await store().claimLane(ref, minute)).toBeUndefined();
      const saved = await store().saveUnderLease(
        first!,
        delivery(ref, 1, { state: 'delivered', attempts: 1 }),
        { nextPosition: 2 },
        minute,
      );
      expect(saved?.version).not.toBe(first!.version);
      // The save renewed the lease for another minute from now.
      now = new Date(now.getTime() + minute - 1000);
      expect(await store().claimLane(ref, minute)).toBeUndefined();
      now = new Date(now.getTime() + 1000);
      const second = await store().claimLane(ref, minute);
      expect(second?.head).toEqual({ nextPosition: 2 });
      // The first holder's lease is gone: what it saves or releases now writes nothing.
      expect(
        await store().saveUnderLease(saved!, delivery(ref, 2, { state: 'delivered' }), { nextPosition: 3 }, minute),
      ).toBeUndefined();
      await store().releaseLane(saved!, { nextPosition: 9 }, undefined);
      expect(await store().find(ref, 2)).toBeUndefined();
      const released = await store().saveUnderLease(
        second!,
        delivery(ref, 2, { state: 'dead', attempts: 8 }),
        { nextPosition: 3, gapSince: now.toISOString() },
        minute,
      );
      expect((await store().find(ref, 2))?.value).toMatchObject({ state: 'dead', attempts: 8 });
      await store().releaseLane(released!, { nextPosition: 3, gapSince: now.toISOString() }, undefined);
      // Released: the next claim is at once, and finds the head the release recorded.
      expect((await store().claimLane(ref, minute))?.head).toEqual({ nextPosition: 3, gapSince: now.toISOString() });
    });

    it('lists lanes due by then, at most the limit; a release with no more work takes the lane off, one with work sets when', async () => {
      const a = lane('due', 'T-1');
      const b = lane('due', 'T-2');
      const t = now.getTime();
      await store().markDue(a, new Date(t + minute));
      await store().markDue(b, new Date(t + 2 * minute));
      const due = async (at: number) =>
        (await store().dueLanes(new Date(at), 1000)).filter((l) => l.clientId === 'due').map((l) => l.lane);
      expect(await due(t + minute - 1)).toEqual([]);
      expect(await due(t + minute)).toEqual(['T-1']);
      expect(await due(t + 2 * minute)).toEqual(['T-1', 'T-2']);
      expect(await store().dueLanes(new Date(t + 2 * minute), 1)).toHaveLength(1);
      expect((await store().dueLanes(new Date(t + 2 * minute), 1000)).find((l) => l.clientId === 'due')).toEqual(a);
      // Claimed as the sweep does (found in the index): released idle, it is taken off.
      const leaseA = await store().claimLane(a, minute, { indexed: true });
      await store().releaseLane(leaseA!, { nextPosition: 1 }, undefined);
      const leaseB = await store().claimLane(b, minute, { indexed: true });
      await store().releaseLane(leaseB!, { nextPosition: 1 }, new Date(t + 10 * minute));
      expect(await due(t + 9 * minute)).toEqual([]);
      expect(await due(t + 10 * minute)).toEqual(['T-2']);
      // The head remembers that its release put the lane there: any next holder takes it off when idle.
      const again = await store().claimLane(b, minute);
      expect(again?.indexed).toBe(true);
      await store().releaseLane(again!, { nextPosition: 1 }, undefined);
      expect(await due(t + 10 * minute)).toEqual([]);
    });

    it('leaves a lane another handler marked for a claimer that found it in the index', async () => {
      const c = lane('mark', 'T-1');
      const t = now.getTime();
      await store().markDue(c, new Date(t));
      const due = async () =>
        (await store().dueLanes(new Date(t), 1000)).filter((l) => l.clientId === 'mark').map((l) => l.lane);
      // A holder that was not told takes nothing off (a lane never indexed costs no delete)...
      const unaware = await store().claimLane(c, minute);
      expect(unaware?.indexed).toBe(false);
      await store().releaseLane(unaware!, { nextPosition: 1 }, undefined);
      expect(await due()).toEqual(['T-1']);
      // ...the sweep, which found it there, does.
      const sweep = await store().claimLane(c, minute, { indexed: true });
      await store().releaseLane(sweep!, { nextPosition: 1 }, undefined);
      expect(await due()).toEqual([]);
    });

    it('creates a fresh lane’s head without a read, and still refuses a held lane or keeps an existing head', async () => {
      const ref = lane('fresh');
      const first = await store().claimLane(ref, minute, { fresh: true });
      expect(first?.head).toEqual({ nextPosition: 1 });
      expect(await store().claimLane(ref, minute, { fresh: true })).toBeUndefined();
      await store().releaseLane(first!, { nextPosition: 4 }, undefined);
      expect((await store().claimLane(ref, minute, { fresh: true }))?.head).toEqual({ nextPosition: 4 });
    });

    it('saves the last delivery with the release, and neither when the lease was lost', async () => {
      const ref = lane('last');
      await store().record([delivery(ref, 1), delivery(ref, 2)]);
      const first = await store().claimLane(ref, minute);
      await store().releaseLane(first!, { nextPosition: 2 }, undefined, delivery(ref, 1, { state: 'delivered' }));
      expect((await store().find(ref, 1))?.value.state).toBe('delivered');
      const lost = await store().claimLane(ref, minute);
      now = new Date(now.getTime() + minute);
      const thief = await store().claimLane(ref, minute);
      await store().releaseLane(lost!, { nextPosition: 3 }, undefined, delivery(ref, 2, { state: 'delivered' }));
      expect((await store().find(ref, 2))?.value.state).toBe('pending');
      expect(thief?.head).toEqual({ nextPosition: 2 });
      await store().releaseLane(thief!, { nextPosition: 2 }, undefined);
      expect((await store().claimLane(ref, minute))?.head).toEqual({ nextPosition: 2 });
    });

    it('lists dead deliveries only, of one client or all, oldest settled first', async () => {
      const ref = lane('deada');
      await store().record([
        delivery(ref, 1, { state: 'dead', settledAt: '2026-11-24T12:00:00.000Z' }),
        delivery(ref, 2, { state: 'dead', settledAt: '2026-11-24T11:00:00.000Z' }),
        delivery(ref, 3, { state: 'delivered', settledAt: '2026-11-24T10:00:00.000Z' }),
        delivery(ref, 4, { state: 'pending' }),
      ]);
      await store().record([delivery(lane('deadb'), 1, { state: 'dead', settledAt: '2026-11-24T11:30:00.000Z' })]);
      expect((await store().dead('deada', 100)).map((d) => d.position)).toEqual([2, 1]);
      const all = (await store().dead(undefined, 1000)).filter((d) => d.lane.clientId.startsWith('dead'));
      expect(all.map((d) => `${d.lane.clientId}/${d.position}`)).toEqual(['deada/2', 'deadb/1', 'deada/1']);
      expect(await store().dead('deada', 1)).toHaveLength(1);
    });

    it('replaces a delivery only at the version found', async () => {
      const ref = lane('repl');
      await store().record([delivery(ref, 1, { state: 'dead' })]);
      const found = await store().find(ref, 1);
      const version = await store().replace({ ...found!.value, replayingUntil: now.toISOString() }, found!.version);
      expect(version).toBeDefined();
      expect(version).not.toBe(found!.version);
      expect(await store().replace({ ...found!.value, state: 'delivered' }, found!.version)).toBeUndefined();
      expect(await store().find(ref, 1)).toEqual({
        value: { ...found!.value, replayingUntil: now.toISOString() },
        version,
      });
      expect(await store().replace(delivery(ref, 2), version!)).toBeUndefined();
      expect(await store().find(ref, 2)).toBeUndefined();
    });
  });
}

let azurite: RunningAzurite | undefined;
let table: TableWebhookDeliveries | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
  table = new TableWebhookDeliveries(
    new LazyTable(
      TableClient.fromConnectionString(azurite.connectionString, 'webhookdeliveries', {
        allowInsecureConnection: true,
      }),
    ),
    realClock,
  );
});
afterAll(async () => {
  await azurite?.stop();
});

const memory = new InMemoryWebhookDeliveries(realClock);
contract('in memory', () => memory);
contract('table', () => {
  if (!table) throw new Error('the table store is only there inside tests');
  return table;
});
