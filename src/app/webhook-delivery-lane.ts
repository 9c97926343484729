import type { WebhookRetryPolicy } from '../messaging/webhook-retry-policy';
import type { Clock } from '../ports/clock';
import type {
  LaneHead,
  LaneLease,
  LaneRef,
  WebhookDelivery,
  WebhookDeliveryStore,
} from '../ports/webhook-delivery-store';
import type { WebhookDeliveryAttempt } from './webhook-delivery-attempt';

/** Long enough for a few attempts of 15 s each; renewed with every saved attempt. */
const defaultLeaseMs = 60_000;

/** How a drain of one lane ended. */
interface DrainOutcome {
  /** The lease as the last save renewed it. */
  readonly lease: LaneLease;
  readonly head: LaneHead;
  /** When the lane next has something to do; `undefined` when it is idle. */
  readonly dueAt: Date | undefined;
  /** Deliveries the drain saw: more afterwards means another handler recorded some meanwhile. */
  readonly seen: number;
  /** The last attempt's result, not yet saved: it is written with the release, in one transaction. */
  readonly last: WebhookDelivery | undefined;
}

export interface DrainOptions {
  /** The lane came from the due index (the retry sweep): its release takes it off when idle. */
  readonly indexed?: boolean;
  /** The event is the lane's first: its head is probably not there yet. */
  readonly fresh?: boolean;
  /**
   * Put the lane in the due index when another holder has it: if that holder dies, the retry sweep
   * finds the lane once its lease runs out. For a handler that has just recorded a delivery.
   */
  readonly markIfBusy?: boolean;
}

/**
 * Sends a lane's deliveries in position order, one holder at a time.
 *
 * The holder walks from the head: settled and skipped positions are stepped over; a pending one is sent
 * when due, and the lane stops behind it while it waits for a retry, so a receiver never gets a ticket's
 * later event before an earlier one. A missing position (its event not yet arrived: the topic does not
 * promise order) stops the lane too, for at most the policy's gap timeout; then the lane moves on, and
 * the late event, once it comes, is sent out of order rather than not at all.
 *
 * Each attempt's result is saved with the lane head before the next attempt (renewing the lease), and
 * the last one with the release: an event to an idle lane costs a claim, a read of the lane and one
 * write after sending.
 */
export class WebhookLaneDrainer {
  constructor(
    private readonly store: WebhookDeliveryStore,
    private readonly attempt: WebhookDeliveryAttempt,
    private readonly clock: Clock,
    private readonly policy: WebhookRetryPolicy,
    private readonly leaseMs = defaultLeaseMs,
  ) {}

  async drain(lane: LaneRef, options: DrainOptions = {}): Promise<void> {
    // A handler that recorded a delivery while another held the lane left it to that holder, so the
    // holder looks again after letting go whenever the lane has grown meanwhile. That handler also put
    // the lane in the due index (`markIfBusy`), so the next round takes it off when done.
    for (let round = 0; round < 10; round++) {
      const claim = round === 0 ? options : { indexed: true };
      const lease = await this.store.claimLane(lane, this.leaseMs, claim);
      if (!lease) {
        if (round === 0 && options.markIfBusy) await this.store.markDue(lane, this.clock.now());
        return;
      }
      const outcome = await this.#drainHeld(lease);
      if (!outcome) return;
      await this.store.releaseLane(outcome.lease, outcome.head, outcome.dueAt, outcome.last);
      const now = await this.store.laneDeliveries(lane);
      if (now.length <= outcome.seen) return;
    }
  }

  /** `undefined` when the lease was lost mid-way (it ran out and someone else took the lane). */
  async #drainHeld(initial: LaneLease): Promise<DrainOutcome | undefined> {
    let lease = initial;
    const deliveries = await this.store.laneDeliveries(lease.lane);
    const byPosition = new Map(deliveries.map((d) => [d.position, d]));
    let head = lease.head;
    let dueAt: Date | undefined;
    const later = (at: string | undefined) => {
      if (at && (!dueAt || Date.parse(at) < dueAt.getTime())) dueAt = new Date(at);
    };

    // The last result not yet saved, and a send preceded by its save: a lost lease stops the drain
    // before anything more is sent.
    let unsaved: WebhookDelivery | undefined;
    const send = async (delivery: WebhookDelivery): Promise<WebhookDelivery | undefined> => {
      if (unsaved) {
        const renewed = await this.store.saveUnderLease(lease, unsaved, head, this.leaseMs);
        if (!renewed) return undefined;
        lease = renewed;
        unsaved = undefined;
      }
      return this.attempt.run(delivery);
    };
    const keep = (result: WebhookDelivery, nextHead: LaneHead) => {
      unsaved = result;
      head = nextHead;
      byPosition.set(result.position, result);
    };

    // Late arrivals behind the head: order is already lost for them, so they only need sending.
    for (const delivery of deliveries) {
      if (delivery.position >= head.nextPosition || delivery.state !== 'pending') continue;
      if (!this.#due(delivery)) {
        later(delivery.nextAttemptAt);
        continue;
      }
      const result = await send(delivery);
      if (!result) return undefined;
      keep(result, head);
      if (result.state === 'pending') later(result.nextAttemptAt);
    }

    let next = head.nextPosition;
    let gapSince = head.gapSince;
    for (;;) {
      const delivery = byPosition.get(next);
      if (!delivery) {
        const ahead = [...byPosition.keys()].filter((p) => p > next).sort((a, b) => a - b)[0];
        if (ahead === undefined) {
          gapSince = undefined;
          break;
        }
        gapSince ??= this.clock.now().toISOString();
        const gapEnds = Date.parse(gapSince) + this.policy.gapTimeoutMs;
        if (this.clock.now().getTime() < gapEnds) {
          later(new Date(gapEnds).toISOString());
          break;
        }
        next = ahead;
        gapSince = undefined;
        continue;
      }
      gapSince = undefined;
      if (delivery.state !== 'pending') {
        next += 1;
        continue;
      }
      if (!this.#due(delivery)) {
        later(delivery.nextAttemptAt);
        break;
      }
      const result = await send(delivery);
      if (!result) return undefined;
      const settled = result.state !== 'pending';
      keep(result, { nextPosition: settled ? next + 1 : next });
      if (!settled) {
        later(result.nextAttemptAt);
        break;
      }
      next += 1;
    }
    return {
      lease,
      head: { nextPosition: next, ...(gapSince ? { gapSince } : {}) },
      dueAt,
      seen: deliveries.length,
      last: unsaved,
    };
  }

  #due(delivery: WebhookDelivery): boolean {
    return !delivery.nextAttemptAt || Date.parse(delivery.nextAttemptAt) <= this.clock.now().getTime();
  }
}
