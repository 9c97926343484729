import { describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/app/outbox-relay';
import type { CloudEvent } from '../../src/domain/events/cloud-event';
import { newTicket, type Ticket } from '../../src/domain/tickets/ticket';
import type { EventPublisher } from '../../src/ports/event-publisher';
import { InMemoryOutbox } from '../support/in-memory/in-memory-ticket-store';
import { looseEvent } from '../support/loose-event';

/** A topic whose publishes can be held open, to see what the relay does meanwhile. */
class HeldTopic implements EventPublisher {
  readonly publishes: string[][] = [];
  down = false;
  #release: (() => void) | undefined;
  #held: Promise<void> | undefined;

  hold(): void {
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }

  release(): void {
    this.#release?.();
    this.#held = undefined;
  }

  #published: (() => void)[] = [];

  /** Resolves at the next publish. */
  nextPublish(): Promise<void> {
    return new Promise((resolve) => this.#published.push(resolve));
  }

  async publish(events: readonly CloudEvent[]): Promise<void> {
    if (this.down) throw new Error('bus down');
    this.publishes.push(events.map((e) => e.id));
    for (const notify of this.#published.splice(0)) notify();
    await this.#held;
  }
}

const ticket = (clientId: string, number: number): Ticket =>
  newTicket({
    clientId,
    ticketPrefix: clientId.toUpperCase(),
    number,
    title: 't',
    description: 'd',
    severity: 'cat1',
    type: 'defect',
    reporter: 'r@x.test',
    receivedAt: '2026-11-24T10:00:00.000Z',
  });

/** Commits a ticket's first event to the outbox and tells the relay, as the ticket store and service do. */
function change(outbox: InMemoryOutbox, relay: OutboxRelay, clientId: string, number: number): Promise<void> {
  const t = ticket(clientId, number);
  const events = [
    looseEvent({ seq: 1, type: 'ticket.created', at: '2026-11-24T10:00:00.000Z', actor: 'r@x.test', data: {} }),
  ];
  outbox.add(t, events);
  return relay.ticketChanged(t, events);
}

describe('OutboxRelay in the background', () => {
  it('answers the change before publishing, and publishes the tickets changed meanwhile together', async () => {
    const outbox = new InMemoryOutbox();
    const topic = new HeldTopic();
    const relay = new OutboxRelay(outbox, topic, () => undefined, { inBackground: true });
    topic.hold();
    await change(outbox, relay, 'acme', 1);
    expect(relay.busy()).toBe(true);
    // While the first publish is held open, 30 more tickets change (two clients).
    await Promise.all(Array.from({ length: 30 }, (_, i) => change(outbox, relay, i % 2 ? 'acme' : 'bolt', i + 2)));
    topic.release();
    await relay.idle();
    expect(relay.busy()).toBe(false);
    expect(topic.publishes).toHaveLength(2);
    expect(topic.publishes[0]).toEqual(['ACME-1.1']);
    expect(topic.publishes[1]).toHaveLength(30);
    expect(await outbox.pending(100)).toEqual([]);
  });

  it('waits for its turn, and takes a small share when the turn is forced', async () => {
    const outbox = new InMemoryOutbox();
    const topic = new HeldTopic();
    const turns: ((forced: boolean) => void)[] = [];
    const relay = new OutboxRelay(outbox, topic, () => undefined, {
      inBackground: true,
      backgroundTurn: () => new Promise((resolve) => turns.push((forced) => resolve({ forced }))),
    });
    await Promise.all(Array.from({ length: 40 }, (_, i) => change(outbox, relay, 'acme', i + 1)));
    expect(turns).toHaveLength(1);
    expect(topic.publishes).toHaveLength(0);
    const first = topic.nextPublish();
    turns.shift()?.(true);
    await first;
    expect(topic.publishes.map((p) => p.length)).toEqual([16]);
    await new Promise<void>((resolve) => {
      const check = () => (turns.length > 0 ? resolve() : setImmediate(check));
      check();
    });
    turns.shift()?.(false);
    await relay.idle();
    expect(topic.publishes.map((p) => p.length)).toEqual([16, 24]);
    expect(await outbox.pending(100)).toEqual([]);
  });

  it('leaves what it could not publish in the outbox for the sweep, which publishes it once', async () => {
    const outbox = new InMemoryOutbox();
    const topic = new HeldTopic();
    const logged: string[] = [];
    const relay = new OutboxRelay(outbox, topic, (line) => logged.push(line), { inBackground: true });
    topic.down = true;
    await change(outbox, relay, 'acme', 1);
    await change(outbox, relay, 'acme', 2);
    await relay.idle();
    expect((await outbox.pending(100)).map((e) => e.event.id)).toEqual(['ACME-1.1', 'ACME-2.1']);
    expect(logged.join('\n')).toMatch(/stay in the outbox for the sweep/);
    topic.down = false;
    expect(await relay.sweep()).toEqual({ published: 2, failedTickets: 0 });
    expect(topic.publishes.flat()).toEqual(['ACME-1.1', 'ACME-2.1']);
    expect(await outbox.pending(100)).toEqual([]);
  });

  it('never publishes a ticket twice when the sweep and the background publisher meet it at once', async () => {
    const outbox = new InMemoryOutbox();
    const topic = new HeldTopic();
    const relay = new OutboxRelay(outbox, topic, () => undefined, { inBackground: true });
    await Promise.all([change(outbox, relay, 'acme', 1), change(outbox, relay, 'acme', 2), relay.sweep()]);
    await relay.idle();
    expect(topic.publishes.flat().sort()).toEqual(['ACME-1.1', 'ACME-2.1']);
  });
});
