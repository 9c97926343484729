import { beforeAll, describe, expect, it } from 'vitest';
import { inMemoryClientService, inMemoryTicketService } from '../support/in-memory/in-memory-services';
import { OutboxRelay } from '../../src/app/outbox-relay';
import type { Principal } from '../../src/app/principal';
import type { TicketService } from '../../src/app/ticket-service';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { CloudEvent } from '../../src/domain/events/cloud-event';
import type { EventPublisher } from '../../src/ports/event-publisher';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

/** A topic that can be down, and that can refuse one poison event. */
class FakeTopic implements EventPublisher {
  readonly published: CloudEvent[] = [];
  down = false;
  poison: string | undefined;

  publish(events: readonly CloudEvent[]): Promise<void> {
    if (this.down) return Promise.reject(new Error('bus down'));
    if (events.some((e) => e.id === this.poison)) return Promise.reject(new Error('poison'));
    this.published.push(...events);
    return Promise.resolve();
  }

  idsFor(ticketId: string): string[] {
    return this.published.filter((e) => e.subject === ticketId).map((e) => e.id);
  }
}

/** On in-memory ports: test/ports/outbox.test.ts holds the in-memory outbox to `TableOutbox` (rows written with the ticket, order, removal). */
const ticketStore = new InMemoryTicketStore();
const outbox = ticketStore.outbox;
let topic: FakeTopic;
let relay: OutboxRelay;
let tickets: TicketService;
const logged: string[] = [];
const admin: Principal = { kind: 'admin' };
const clock = { now: () => new Date('2026-11-24T10:00:00Z') };

beforeAll(async () => {
  const clientStore = new InMemoryClientStore();
  const clients = inMemoryClientService(clientStore, clock);
  for (const [id, prefix] of [
    ['acme', 'ACME'],
    ['bolt', 'BOLT'],
  ] as const) {
    await clients.putClient(id, clientBodySchema.parse({ ...contractClient(), ticketPrefix: prefix }));
    await clients.putContact(id, 'jo@x.test', { name: 'Jo', roles: ['requester'], active: true });
  }
  topic = new FakeTopic();
  relay = new OutboxRelay(outbox, topic, (line) => logged.push(line));
  tickets = inMemoryTicketService(clientStore, ticketStore, clock, { listeners: [relay] });
});

const create = async (clientId = 'acme') => {
  const created = await tickets.create(admin, {
    clientId,
    title: 'Broken',
    description: 'd',
    severity: 'cat2',
    type: 'defect',
    reporter: 'jo@x.test',
  });
  return created.view.id;
};

/** What is still in the outbox, as `client/o|{number}|{seq}` (the table's row keys). */
async function outboxRows(): Promise<string[]> {
  return (await outbox.pending(10_000)).map(
    (e) => `${e.clientId}/o|${String(e.ticketNumber).padStart(10, '0')}|${String(e.seq).padStart(6, '0')}`,
  );
}

describe('outbox relay', () => {
  it('publishes a ticket’s event right after the change and empties the outbox', async () => {
    const id = await create();
    expect(topic.idsFor(id)).toEqual([`${id}.1`]);
    expect(await outboxRows()).toEqual([]);
  });

  it('keeps accepting tickets with the topic down, and the sweep publishes everything once, in order, when it is back', async () => {
    topic.down = true;
    const a = await create();
    await tickets.act(admin, a, { action: 'comment', text: 'one' });
    await tickets.act(admin, a, { action: 'comment', text: 'two' });
    const b = await create('bolt');
    expect(topic.idsFor(a)).toEqual([]);
    expect(await outboxRows()).toHaveLength(4);
    expect(logged.some((l) => l.includes(`events of ${a} stay in the outbox`))).toBe(true);

    expect(await relay.sweep()).toEqual({ published: 0, failedTickets: 2 });
    topic.down = false;
    expect(await relay.sweep()).toEqual({ published: 4, failedTickets: 0 });
    expect(topic.idsFor(a)).toEqual([`${a}.1`, `${a}.2`, `${a}.3`]);
    expect(topic.idsFor(b)).toEqual([`${b}.1`]);
    expect(await outboxRows()).toEqual([]);
    expect(await relay.sweep()).toEqual({ published: 0, failedTickets: 0 });
  });

  it('publishes a ticket’s events in timeline order when actions come in quick succession', async () => {
    const id = await create();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => tickets.act(admin, id, { action: 'comment', text: `c${i}` })),
    );
    const ids = topic.idsFor(id);
    expect(ids).toEqual(Array.from({ length: 9 }, (_, i) => `${id}.${i + 1}`));
  });

  it('does not let one unpublishable ticket hold up the others', async () => {
    topic.down = true;
    const stuck = await create();
    const fine = await create('bolt');
    topic.down = false;
    topic.poison = `${stuck}.1`;
    expect(await relay.sweep()).toEqual({ published: 1, failedTickets: 1 });
    expect(topic.idsFor(fine)).toEqual([`${fine}.1`]);
    expect(await outboxRows()).toEqual([`acme/o|${String(Number(stuck.split('-')[1])).padStart(10, '0')}|000001`]);
    topic.poison = undefined;
    expect(await relay.sweep()).toEqual({ published: 1, failedTickets: 0 });
  });

  it('never interleaves the listener and the sweep on one ticket in this process', async () => {
    topic.down = true;
    const id = await create();
    await tickets.act(admin, id, { action: 'comment', text: 'x' });
    topic.down = false;
    const [sweep] = await Promise.all([
      relay.sweep(),
      relay.relayTicket('acme', Number(id.split('-')[1])),
      tickets.act(admin, id, { action: 'comment', text: 'y' }),
    ]);
    expect(sweep.failedTickets).toBe(0);
    const ids = topic.idsFor(id);
    // Each relay publishes what is pending at that moment: a repeat is possible (and harmless), an
    // event first seen before an earlier one is not.
    const firstSeen = ids.filter((x, i) => ids.indexOf(x) === i);
    expect(firstSeen).toEqual([`${id}.1`, `${id}.2`, `${id}.3`]);
    expect(await outboxRows()).toEqual([]);
  });
});
