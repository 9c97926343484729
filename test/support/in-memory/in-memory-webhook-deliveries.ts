import { systemClock, type Clock } from '../../../src/ports/clock';
import type {
  ClaimOptions,
  LaneHead,
  LaneLease,
  LaneRef,
  Versioned,
  WebhookDelivery,
  WebhookDeliveryStore,
} from '../../../src/ports/webhook-delivery-store';
import { nextVersion, roundTrip } from './versions';

interface HeadRow {
  readonly head: LaneHead;
  /** Whether a release left the lane in the due index (as the table's `dueIndexed`). */
  readonly indexed: boolean;
  /** ISO instant; '' when released (as the table's column). */
  readonly leaseUntil: string;
  readonly version: string;
}

interface DueRow {
  readonly lane: LaneRef;
  readonly dueAt: string;
}

/**
 * The WebhookDeliveryStore contract in memory, for application-service tests; test/ports/webhook-delivery-store.test.ts
 * runs the same cases against it and `TableWebhookDeliveries`. As the table: a recorded delivery keeps
 * its state when recorded again; a lane is claimed only when no unexpired lease holds it (leases timed by
 * `realClock`); every save under a lease moves its version, and a save or release with an older one
 * writes nothing; `replace` only at the version found; due lanes and dead deliveries listed in the
 * table's key order. Values are copied in and out.
 */
export class InMemoryWebhookDeliveries implements WebhookDeliveryStore {
  readonly #items = new Map<string, Versioned<WebhookDelivery>>();
  readonly #heads = new Map<string, HeadRow>();
  readonly #due = new Map<string, DueRow>();

  constructor(private readonly realClock: Clock = systemClock) {}

  async record(deliveries: readonly WebhookDelivery[]): Promise<void> {
    await roundTrip();
    for (const delivery of deliveries) {
      const key = itemKey(delivery.lane, delivery.position);
      if (!this.#items.has(key)) this.#items.set(key, { value: structuredClone(delivery), version: nextVersion() });
    }
  }

  async markDue(lane: LaneRef, at: Date): Promise<void> {
    await roundTrip();
    this.#due.set(dueKey(lane), { lane: copyLane(lane), dueAt: at.toISOString() });
  }

  async dueLanes(now: Date, limit: number): Promise<LaneRef[]> {
    await roundTrip();
    return [...this.#due.entries()]
      .sort(([a], [b]) => compare(a, b))
      .filter(([, row]) => row.dueAt <= now.toISOString())
      .slice(0, limit)
      .map(([, row]) => copyLane(row.lane));
  }

  async claimLane(lane: LaneRef, leaseMs: number, options: ClaimOptions = {}): Promise<LaneLease | undefined> {
    await roundTrip();
    const now = this.realClock.now();
    const current = this.#heads.get(laneKey(lane));
    if (current && current.leaseUntil && current.leaseUntil > now.toISOString()) return undefined;
    const head: LaneHead = current ? structuredClone(current.head) : { nextPosition: 1 };
    const indexed = (options.indexed ?? false) || (current?.indexed ?? false);
    const version = nextVersion();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    this.#heads.set(laneKey(lane), { head, indexed, leaseUntil, version });
    return { lane: copyLane(lane), head: structuredClone(head), version, indexed };
  }

  async laneDeliveries(lane: LaneRef): Promise<WebhookDelivery[]> {
    await roundTrip();
    const prefix = `${laneKey(lane)}|`;
    return [...this.#items.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, item]) => structuredClone(item.value))
      .sort((a, b) => a.position - b.position);
  }

  async saveUnderLease(
    lease: LaneLease,
    delivery: WebhookDelivery,
    head: LaneHead,
    leaseMs: number,
  ): Promise<LaneLease | undefined> {
    await roundTrip();
    const key = laneKey(lease.lane);
    if (this.#heads.get(key)?.version !== lease.version) return undefined;
    const version = nextVersion();
    this.#heads.set(key, {
      head: structuredClone(head),
      indexed: lease.indexed,
      leaseUntil: new Date(this.realClock.now().getTime() + leaseMs).toISOString(),
      version,
    });
    this.#items.set(itemKey(delivery.lane, delivery.position), {
      value: structuredClone(delivery),
      version: nextVersion(),
    });
    return { lane: copyLane(lease.lane), head: structuredClone(head), version, indexed: lease.indexed };
  }

  async releaseLane(lease: LaneLease, head: LaneHead, dueAt: Date | undefined, last?: WebhookDelivery): Promise<void> {
    if (dueAt) await this.markDue(lease.lane, dueAt);
    await roundTrip();
    const key = laneKey(lease.lane);
    // The lease ran out and someone else holds the lane now: the head is theirs to record.
    if (this.#heads.get(key)?.version !== lease.version) return;
    this.#heads.set(key, {
      head: structuredClone(head),
      indexed: dueAt !== undefined,
      leaseUntil: '',
      version: nextVersion(),
    });
    if (last)
      this.#items.set(itemKey(last.lane, last.position), { value: structuredClone(last), version: nextVersion() });
    // As the table: only a lane the index may hold is taken off it.
    if (!dueAt && lease.indexed) this.#due.delete(dueKey(lease.lane));
  }

  async dead(clientId: string | undefined, limit: number): Promise<WebhookDelivery[]> {
    await roundTrip();
    return [...this.#items.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([, item]) => item.value)
      .filter((d) => d.state === 'dead' && (clientId === undefined || d.lane.clientId === clientId))
      .slice(0, limit)
      .sort((a, b) => (a.settledAt ?? '').localeCompare(b.settledAt ?? ''))
      .map((d) => structuredClone(d));
  }

  async find(lane: LaneRef, position: number): Promise<Versioned<WebhookDelivery> | undefined> {
    await roundTrip();
    const item = this.#items.get(itemKey(lane, position));
    return item && { value: structuredClone(item.value), version: item.version };
  }

  async replace(delivery: WebhookDelivery, version: string): Promise<string | undefined> {
    await roundTrip();
    const key = itemKey(delivery.lane, delivery.position);
    if (this.#items.get(key)?.version !== version) return undefined;
    const next = nextVersion();
    this.#items.set(key, { value: structuredClone(delivery), version: next });
    return next;
  }
}

/** Partition, then row key, as the table orders a lane's rows: client id (NUL sorts before any character that follows it), webhook key, lane, position zero-padded. */
const laneKey = (lane: LaneRef): string => `${lane.clientId}\u0000${lane.webhookKey}|${lane.lane}`;
/** The table's due index is one partition whose row keys are these. */
const dueKey = (lane: LaneRef): string => `${lane.clientId}|${lane.webhookKey}|${lane.lane}`;
const itemKey = (lane: LaneRef, position: number): string => `${laneKey(lane)}|${String(position).padStart(10, '0')}`;
const copyLane = (lane: LaneRef): LaneRef => ({
  clientId: lane.clientId,
  webhookKey: lane.webhookKey,
  lane: lane.lane,
});
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
