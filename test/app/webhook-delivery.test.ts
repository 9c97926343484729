import { createHmac } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookDeliveryService } from '../../src/app/webhook-delivery';
import type { Client } from '../../src/domain/clients/client';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { DomainError } from '../../src/domain/domain-error';
import { ticketCloudEvent, type CloudEvent } from '../../src/domain/events/cloud-event';
import { contractClient } from '../support/contract';
import { FakeReceivers, ManualClock } from '../support/fake-webhook-receivers';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryWebhookDeliveries } from '../support/in-memory/in-memory-webhook-deliveries';
import { looseEvent } from '../support/loose-event';

const hookA = 'https://hooks.test/a';
const hookB = 'https://hooks.test/b';
const secretA = 'whsec_eydjMdng0uWHgiWATv9UuLkMZZJqalQ/';
const secretB = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const minute = 60_000;

/** On in-memory ports (test/ports/webhook-delivery-store.test.ts holds the store to the Table one); kept across the cases, as a table would be. */
const clientStore = new InMemoryClientStore();
const deliveries = new InMemoryWebhookDeliveries();
let clock: ManualClock;
let receivers: FakeReceivers;
let service: WebhookDeliveryService;
let ticketNumber = 0;

beforeAll(async () => {
  await putClient([
    { url: hookA, secret: secretA, events: ['ticket.*', 'sla.*'], includeInternal: false },
    { url: hookB, secret: secretB, events: ['sla.breached'], includeInternal: false },
  ]);
});
beforeEach(() => {
  clock = new ManualClock();
  receivers = new FakeReceivers();
  service = new WebhookDeliveryService(clientStore, deliveries, receivers, clock);
  ticketNumber += 1;
});

async function putClient(webhooks: Client['notifications']['webhooks']): Promise<void> {
  const body = clientBodySchema.parse({ ...contractClient(), notifications: { webhooks } });
  await clientStore.putClient({
    ...body,
    id: 'acme',
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
  });
}

const ticketId = () => `ACME-${ticketNumber}`;
const event = (seq: number, type = 'ticket.commented'): CloudEvent =>
  ticketCloudEvent(
    { clientId: 'acme', ticketId: ticketId(), severity: 'cat1', title: 'Down', status: 'in-progress' },
    looseEvent({ seq, type, at: clock.now().toISOString(), actor: 'admin', data: { n: seq } }),
  );
const id = (seq: number) => `${ticketId()}.${seq}`;
const mine = (ids: string[]) => ids.filter((x) => x.startsWith(`${ticketId()}.`));

describe('webhook delivery', () => {
  it('sends each event to the webhooks that want it, signed with the webhook’s secret', async () => {
    await service.accept(event(1, 'ticket.created'));
    await service.accept(event(2, 'sla.breached'));
    expect(mine(receivers.ids(hookA))).toEqual([id(1), id(2)]);
    expect(mine(receivers.ids(hookB))).toEqual([id(2)]);
    for (const post of receivers.posts) {
      const secret = post.url === hookA ? secretA : secretB;
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      const expected = createHmac('sha256', key)
        .update(`${post.headers['webhook-id']}.${post.headers['webhook-timestamp']}.${post.body}`)
        .digest('base64');
      expect(post.headers['webhook-signature']).toBe(`v1,${expected}`);
      expect(post.headers['content-type']).toBe('application/cloudevents+json');
      expect((JSON.parse(post.body) as CloudEvent).id).toBe(post.headers['webhook-id']);
    }
  });

  it('sends nothing again when the same event is delivered again', async () => {
    await service.accept(event(1, 'ticket.created'));
    await service.accept(event(1, 'ticket.created'));
    await Promise.all([service.accept(event(2)), service.accept(event(2))]);
    expect(mine(receivers.ids(hookA))).toEqual([id(1), id(2)]);
  });

  it('keeps a ticket’s order when the topic hands its events over out of order', async () => {
    await service.accept(event(2));
    expect(mine(receivers.ids(hookA))).toEqual([]);
    await service.accept(event(1, 'ticket.created'));
    expect(mine(receivers.ids(hookA))).toEqual([id(1), id(2)]);
  });

  it('sends each of many concurrently arriving events once, in timeline order', async () => {
    const seqs = [7, 3, 10, 1, 5, 2, 9, 4, 8, 6];
    await Promise.all(seqs.map((seq) => service.accept(event(seq))));
    await service.retryDue();
    expect(mine(receivers.ids(hookA))).toEqual(Array.from({ length: 10 }, (_, i) => id(i + 1)));
  });

  it('sends an event to an idle lane with a claim, a read of the lane and one write after sending', async () => {
    const store = new InMemoryWebhookDeliveries(clock);
    const calls: string[] = [];
    const counted = new Proxy(store, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => (
          calls.push(String(name)),
          (value as (...a: unknown[]) => unknown).apply(target, args)
        );
      },
    });
    const counting = new WebhookDeliveryService(clientStore, counted, receivers, clock, { realClock: clock });
    await counting.accept(event(1, 'ticket.created'));
    expect(mine(receivers.ids(hookA))).toEqual([id(1)]);
    // Recorded (both webhooks, one skipped), the lane claimed and read, sent, its result saved with the
    // release, and the lane looked at once more for deliveries recorded meanwhile. Nothing in the index.
    expect(calls).toEqual(['record', 'claimLane', 'laneDeliveries', 'releaseLane', 'laneDeliveries']);
    calls.length = 0;
    await counting.accept(event(2));
    expect(calls).toEqual(['record', 'claimLane', 'laneDeliveries', 'releaseLane', 'laneDeliveries']);
    expect(await store.dueLanes(new Date(clock.now().getTime() + 60 * minute), 100)).toEqual([]);
  });

  it('loses nothing when a handler dies holding a lane: the event comes back, and is sent once the lease runs out', async () => {
    const store = new InMemoryWebhookDeliveries(clock);
    let dies = true;
    const dying = new Proxy(store, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (name === 'laneDeliveries' && dies) {
          dies = false;
          return () => Promise.reject(new Error('the process died'));
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const handler = new WebhookDeliveryService(clientStore, dying, receivers, clock, { realClock: clock });
    await expect(handler.accept(event(1, 'ticket.created'))).rejects.toThrow('the process died');
    // The topic brings the event back; the dead handler's lease still holds the lane, so it goes in the index.
    await handler.accept(event(1, 'ticket.created'));
    expect(mine(receivers.ids(hookA))).toEqual([]);
    expect(await handler.retryDue()).toBe(1);
    expect(mine(receivers.ids(hookA))).toEqual([]);
    clock.advance(minute);
    expect(await handler.retryDue()).toBe(1);
    expect(mine(receivers.ids(hookA))).toEqual([id(1)]);
    // Sent and idle: off the index.
    expect(await handler.retryDue()).toBe(0);
  });

  it('takes a batch in each ticket’s order, at most sixteen tickets at once, and sends nothing twice when it comes again', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = new FakeReceivers();
    const post = slow.post.bind(slow);
    slow.post = async (...args) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return post(...args);
    };
    const batched = new WebhookDeliveryService(clientStore, deliveries, slow, clock);
    const first = ticketNumber;
    const ofTicket = (n: number, seq: number, type = 'ticket.commented') => {
      ticketNumber = n;
      return event(seq, type);
    };
    // Forty tickets, each with its creation and a comment, the comments first in the batch.
    const tickets = Array.from({ length: 40 }, (_, i) => first * 1000 + i);
    const batch = [...tickets.map((n) => ofTicket(n, 2)), ...tickets.map((n) => ofTicket(n, 1, 'ticket.created'))];
    await batched.acceptAll(batch);
    await batched.acceptAll(batch);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(16);
    for (const n of tickets) {
      const sent = slow.ids(hookA).filter((x) => x.startsWith(`ACME-${n}.`));
      expect(sent).toEqual([`ACME-${n}.1`, `ACME-${n}.2`]);
    }
    ticketNumber = first;
  });

  it('retries with backoff behind which later events wait, dead-letters after eight attempts, and replays once', async () => {
    receivers.answer.set(hookA, { ok: false, status: 503, error: 'HTTP 503' });
    await service.accept(event(1, 'ticket.created'));
    await service.accept(event(2, 'sla.breached'));
    expect(receivers.attemptsOf(hookA, id(1))).toBe(1);
    expect(receivers.attemptsOf(hookA, id(2))).toBe(0);
    expect(mine(receivers.ids(hookB))).toEqual([id(2)]);

    // The schedule: 1, 2, 4, 8, 16, 32, 60 minutes between attempts.
    for (const [wait, attempts] of [
      [1, 2],
      [2, 3],
      [4, 4],
      [8, 5],
      [16, 6],
      [32, 7],
      [60, 8],
    ] as const) {
      clock.advance(wait * minute - 1000);
      await service.retryDue();
      expect(receivers.attemptsOf(hookA, id(1))).toBe(attempts - 1);
      clock.advance(1000);
      await service.retryDue();
      expect(receivers.attemptsOf(hookA, id(1))).toBe(attempts);
    }
    // The eighth failure gave it up, and the lane moved on to the next event (which fails too).
    expect(receivers.attemptsOf(hookA, id(2))).toBe(1);
    const failed = (await service.failed('acme', 100)).filter((d) => d.eventId === id(1));
    expect(failed).toEqual([
      expect.objectContaining({
        url: hookA,
        eventType: 'ticket.created',
        state: 'dead',
        attempts: 8,
        lastStatus: 503,
        lastError: 'HTTP 503',
      }),
    ]);

    receivers.answer.delete(hookA);
    clock.advance(minute);
    await service.retryDue();
    expect(mine(receivers.ids(hookA))).toEqual([id(2)]);

    const replayed = await service.replay(failed[0]!.id);
    expect(replayed).toMatchObject({ state: 'delivered', attempts: 9 });
    expect(mine(receivers.ids(hookA))).toEqual([id(2), id(1)]);
    await expect(service.replay(failed[0]!.id)).rejects.toThrow(DomainError);
    expect((await service.failed('acme', 100)).filter((d) => d.eventId === id(1))).toEqual([]);
    await service.retryDue();
    expect(receivers.attemptsOf(hookA, id(1))).toBe(9);
  });

  it('keeps a replay that fails again dead, with the new error', async () => {
    receivers.answer.set(hookA, { ok: false, status: 410, error: 'HTTP 410' });
    await service.accept(event(1, 'ticket.created'));
    const [dead] = (await service.failed('acme', 100)).filter((d) => d.eventId === id(1));
    expect(dead).toMatchObject({ attempts: 1, lastStatus: 410 });
    receivers.answer.set(hookA, { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:9' });
    const again = await service.replay(dead!.id);
    expect(again).toMatchObject({ state: 'dead', attempts: 2, lastError: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(again).not.toHaveProperty('lastStatus');
    await expect(service.replay('acme~0000000000000000~ACME-1~1')).rejects.toThrow(/No delivery/);
    await expect(service.replay('../../etc')).rejects.toThrow(/No delivery/);
  });

  it('stops waiting for a missing event after the gap timeout, and still sends it when it comes late', async () => {
    await service.accept(event(3));
    expect(mine(receivers.ids(hookA))).toEqual([]);
    clock.advance(15 * minute - 1000);
    await service.retryDue();
    expect(mine(receivers.ids(hookA))).toEqual([]);
    clock.advance(1000);
    await service.retryDue();
    expect(mine(receivers.ids(hookA))).toEqual([id(3)]);
    await service.accept(event(1, 'ticket.created'));
    await service.accept(event(4));
    expect(mine(receivers.ids(hookA))).toEqual([id(3), id(1), id(4)]);
  });

  it('gives up deliveries to a webhook the client has removed', async () => {
    receivers.answer.set(hookA, { ok: false, status: 500, error: 'HTTP 500' });
    await service.accept(event(1, 'ticket.created'));
    await putClient([{ url: hookB, secret: secretB, events: ['sla.breached'], includeInternal: false }]);
    try {
      clock.advance(minute);
      await service.retryDue();
      const [dead] = (await service.failed('acme', 100)).filter((d) => d.eventId === id(1));
      expect(dead).toMatchObject({ attempts: 1, lastError: 'The client no longer has a webhook with this URL.' });
      expect(receivers.attemptsOf(hookA, id(1))).toBe(1);
    } finally {
      await putClient([
        { url: hookA, secret: secretA, events: ['ticket.*', 'sla.*'], includeInternal: false },
        { url: hookB, secret: secretB, events: ['sla.breached'], includeInternal: false },
      ]);
    }
  });
});
