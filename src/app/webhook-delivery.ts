import type { CloudEvent } from '../domain/events/cloud-event';
import { DomainError } from '../domain/domain-error';
import { maskUrlCredentials } from '../domain/network/outbound-url';
import { publicEvent } from '../domain/tickets/event-visibility';
import { eventLane } from '../messaging/event-lane';
import { matchesAnyEventPattern } from '../messaging/event-patterns';
import { deliveryTargets, deskTargets } from '../messaging/webhook-targets';
import { deskPartition } from '../domain/events/cloud-event';
import { webhookRetryPolicy, type WebhookRetryPolicy } from '../messaging/webhook-retry-policy';
import type { ClientStore } from '../ports/client-store';
import { systemClock, type Clock } from '../ports/clock';
import type { LaneRef, WebhookDelivery, WebhookDeliveryStore } from '../ports/webhook-delivery-store';
import type { WebhookPoster } from '../ports/webhook-poster';
import { maskChatUrl } from './client-view';
import { WebhookDeliveryAttempt, type ChatDeliveryOptions } from './webhook-delivery-attempt';
import { WebhookLaneDrainer } from './webhook-delivery-lane';
import { eachAtMost } from './each-at-most';
import { eachInTicketOrder } from './event-batch';

export interface WebhookDeliveryOptions {
  readonly policy?: WebhookRetryPolicy;
  /** Times leases and `webhook-timestamp`; the system clock unless a test needs otherwise. */
  readonly realClock?: Clock;
  readonly leaseMs?: number;
  /** The desk's chat channel and the public URL chat messages link to. */
  readonly chat?: ChatDeliveryOptions;
}

/** A delivery as the admin API shows it. */
export interface DeliveryView {
  readonly id: string;
  readonly clientId: string;
  readonly url: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly state: WebhookDelivery['state'];
  readonly attempts: number;
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly lastAttemptAt?: string;
  readonly settledAt?: string;
}

/** Tickets of a batch handled at once: host.json's `maxConcurrentCalls`, what single messages had. */
const batchConcurrency = 16;

/** A replay is one attempt: whoever started it holds the delivery this long. */
const replayHoldMs = 60_000;

/**
 * Signed webhooks for every event a client's webhooks ask for (the `deliver-webhooks` subscription).
 *
 * Functions has no retry policy for Service Bus triggers that could wait minutes or hours, so the
 * deliverer keeps its own books: every (event, webhook) pair is a delivery with its attempts, filed in the
 * lane of the event's ticket. The triggering message is completed as soon as the delivery is recorded
 * and tried once; retries with backoff come from the `retry-webhook-deliveries` timer, and a delivery that
 * exhausts the policy is dead until an administrator replays it.
 */
export class WebhookDeliveryService {
  readonly #policy: WebhookRetryPolicy;
  readonly #attempt: WebhookDeliveryAttempt;
  readonly #drainer: WebhookLaneDrainer;
  readonly #realClock: Clock;
  readonly #chat: ChatDeliveryOptions;

  constructor(
    private readonly clients: ClientStore,
    private readonly store: WebhookDeliveryStore,
    poster: WebhookPoster,
    private readonly clock: Clock,
    options: WebhookDeliveryOptions = {},
  ) {
    this.#policy = options.policy ?? webhookRetryPolicy;
    const realClock = options.realClock ?? systemClock;
    this.#attempt = new WebhookDeliveryAttempt(clients, poster, clock, realClock, this.#policy, options.chat);
    this.#chat = options.chat ?? {};
    this.#drainer = new WebhookLaneDrainer(store, this.#attempt, clock, this.#policy, options.leaseMs);
    this.#realClock = realClock;
  }

  /**
   * Records the event's delivery to each of the client's webhooks and sends what is due. A redelivered
   * event finds its deliveries recorded and sends nothing twice. Every webhook gets a record, `skipped`
   * when its patterns do not want the event, so each lane is complete and order can be enforced.
   */
  async accept(event: CloudEvent): Promise<void> {
    // The desk's own events (no client) go to the desk's channel only, filed under `~desk`.
    const desk = event.clientid === deskPartition;
    const client = desk ? undefined : await this.clients.getClient(event.clientid);
    if (!desk && !client) return;
    const owner = client?.id ?? deskPartition;
    const targets = client ? deliveryTargets(client, this.#chat.staffChannel) : deskTargets(this.#chat.staffChannel);
    if (targets.length === 0) return;
    const { key, position } = eventLane(event);
    const now = this.clock.now().toISOString();
    const deliveries: WebhookDelivery[] = targets.map((target) => ({
      lane: { clientId: owner, webhookKey: target.key, lane: key },
      position,
      url: target.url,
      event,
      // Internal events reach only webhooks that opted in; the others record them as skipped.
      state:
        matchesAnyEventPattern(target.events, event.type) && (target.includeInternal || publicEvent(event))
          ? 'pending'
          : 'skipped',
      attempts: 0,
      recordedAt: now,
      // Kept so that the admin view masks a chat URL (the URL is the credential) whatever the client changes later.
      ...(target.format !== 'standard' ? { format: target.format } : {}),
    }));
    await this.store.record(deliveries);
    const wanted = deliveries.filter((d) => d.state === 'pending').map((d) => d.lane);
    // Not put in the due index first: until this returns the event is not settled, so a crash brings it
    // back, and a lane held by another handler is put there then (`markIfBusy`).
    const drain = { fresh: position === 1, markIfBusy: true };
    await Promise.all(wanted.map((lane) => this.#drainer.drain(lane, drain)));
  }

  /**
   * A batch of events, each ticket's in order (`eachInTicketOrder`), at most as many tickets at once as
   * the trigger ran single messages at once (host.json's `maxConcurrentCalls`), so a receiver sees no
   * more requests at a time than before. Only storage failures throw (a receiver's failure is a retry
   * in its lane), and a batch that comes again sends nothing twice: its deliveries are recorded.
   */
  async acceptAll(events: readonly CloudEvent[]): Promise<void> {
    await eachInTicketOrder(events, (event) => this.accept(event), { concurrency: batchConcurrency });
  }

  /** The retry sweep: drains every lane whose next attempt (or gap timeout) has come. */
  async retryDue(limit = 200): Promise<number> {
    const lanes = await this.store.dueLanes(this.clock.now(), limit);
    // A few lanes at a time: one slow receiver should not hold up the others for long.
    await eachAtMost(lanes, 4, (lane) => this.#drainer.drain(lane, { indexed: true }));
    return lanes.length;
  }

  async failed(clientId: string | undefined, limit: number): Promise<DeliveryView[]> {
    return (await this.store.dead(clientId, limit)).map(viewOf);
  }

  /**
   * Sends a dead delivery once more, now, outside its lane's order (an administrator asked for this one).
   * Delivered: it is done. Failed again: it stays dead with the new error.
   */
  async replay(id: string): Promise<DeliveryView> {
    const ref = parseDeliveryId(id);
    const found = ref && (await this.store.find(ref.lane, ref.position));
    if (!found) throw new DomainError('not-found', `No delivery ${id}.`);
    const { value, version } = found;
    const now = this.#realClock.now();
    if (value.state !== 'dead')
      throw new DomainError('conflict', `Delivery ${id} is ${value.state}; only dead deliveries can be replayed.`);
    if (value.replayingUntil && Date.parse(value.replayingUntil) > now.getTime()) {
      throw new DomainError('conflict', `Delivery ${id} is being replayed already.`);
    }
    const held = { ...value, replayingUntil: new Date(now.getTime() + replayHoldMs).toISOString() };
    const heldVersion = await this.store.replace(held, version);
    if (!heldVersion) throw new DomainError('conflict', `Delivery ${id} changed meanwhile; try again.`);
    const result = await this.#attempt.run(held, { retry: false });
    await this.store.replace(result, heldVersion);
    return viewOf(result);
  }
}

/** `{clientId}~{webhookKey}~{lane}~{position}`: every part is URL- and row-key-safe already. */
export function deliveryId(delivery: Pick<WebhookDelivery, 'lane' | 'position'>): string {
  return [delivery.lane.clientId, delivery.lane.webhookKey, delivery.lane.lane, delivery.position].join('~');
}

function parseDeliveryId(id: string): { lane: LaneRef; position: number } | undefined {
  // The desk's deliveries are filed under `~desk`, which begins with the separator.
  const desk = id.startsWith(`${deskPartition}~`);
  const rest = desk ? `desk${id.slice(deskPartition.length)}` : id;
  const match = /^([a-z0-9-]+)~([0-9a-f]{16})~([A-Za-z0-9-]+)~([1-9][0-9]{0,9})$/.exec(rest);
  if (!match) return undefined;
  const [, clientId = '', webhookKey = '', lane = '', position = ''] = match;
  return { lane: { clientId: desk ? deskPartition : clientId, webhookKey, lane }, position: Number(position) };
}

function viewOf(delivery: WebhookDelivery): DeliveryView {
  return {
    id: deliveryId(delivery),
    clientId: delivery.lane.clientId,
    url: delivery.format ? maskChatUrl(delivery.url) : maskUrlCredentials(delivery.url),
    eventId: delivery.event.id,
    eventType: delivery.event.type,
    state: delivery.state,
    attempts: delivery.attempts,
    ...(delivery.lastStatus !== undefined ? { lastStatus: delivery.lastStatus } : {}),
    ...(delivery.lastError !== undefined ? { lastError: delivery.lastError } : {}),
    ...(delivery.lastAttemptAt !== undefined ? { lastAttemptAt: delivery.lastAttemptAt } : {}),
    ...(delivery.settledAt !== undefined ? { settledAt: delivery.settledAt } : {}),
  };
}
