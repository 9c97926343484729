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
}

/**
 * Sends a lane's deliveries in position order, one holder at a time.
 *
 * The holder walks from the head: settled and skipped positions are stepped over; a pending one is sent
 * when due, and the lane stops behind it while it waits for a retry, so a receiver never gets a ticket's
 * later event before an earlier one. A missing position (its event not yet arrived: the topic does not
 * promise order) stops the lane too, for at most the policy's gap timeout; then the lane moves on, and
 * the late event, once it comes, is sent out of order rather than not at all.
 */
export class WebhookLaneDrainer {
  constructor(
    private readonly store: WebhookDeliveryStore,
    private readonly attempt: WebhookDeliveryAttempt,
    private readonly clock: Clock,
    private readonly policy: WebhookRetryPolicy,
    private readonly leaseMs = defaultLeaseMs,
  ) {}

  async drain(lane: LaneRef): Promise<void> {
    // A handler that recorded a delivery while another held the lane left it to that holder, so the
    // holder looks again after letting go whenever the lane has grown meanwhile.
    for (let round = 0; round < 10; round++) {
      const lease = await this.store.claimLane(lane, this.leaseMs);
      if (!lease) return;
      const outcome = await this.#drainHeld(lease);
      if (!outcome) return;
      await this.store.releaseLane(outcome.lease, outcome.head, outcome.dueAt);
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

    const save = async (delivery: WebhookDelivery, nextHead: LaneHead): Promise<boolean> => {
      const renewed = await this.store.saveUnderLease(lease, delivery, nextHead, this.leaseMs);
      if (!renewed) return false;
      lease = renewed;
      head = nextHead;
      byPosition.set(delivery.position, delivery);
      return true;
    };

    // Late arrivals behind the head: order is already lost for them, so they only need sending.
    for (const delivery of deliveries) {
      if (delivery.position >= head.nextPosition || delivery.state !== 'pending') continue;
      if (!this.#due(delivery)) {
        later(delivery.nextAttemptAt);
        continue;
      }
      const result = await this.attempt.run(delivery);
      if (!(await save(result, head))) return undefined;
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
      const result = await this.attempt.run(delivery);
      const settled = result.state !== 'pending';
      if (!(await save(result, { nextPosition: settled ? next + 1 : next }))) return undefined;
      if (!settled) {
        later(result.nextAttemptAt);
        break;
      }
      next += 1;
    }
    return { lease, head: { nextPosition: next, ...(gapSince ? { gapSince } : {}) }, dueAt, seen: deliveries.length };
  }

  #due(delivery: WebhookDelivery): boolean {
    return !delivery.nextAttemptAt || Date.parse(delivery.nextAttemptAt) <= this.clock.now().getTime();
  }
}
