import type { ChatFormat } from '../domain/clients/client';
import type { CloudEvent } from '../domain/events/cloud-event';

/**
 * One client webhook's view of one event lane (a ticket's events, in timeline order). Deliveries within
 * a lane are sent strictly in position order; lanes are independent of one another.
 */
export interface LaneRef {
  readonly clientId: string;
  /** Derived from the webhook URL, so that editing a webhook's patterns or secret keeps its lanes. */
  readonly webhookKey: string;
  readonly lane: string;
}

/**
 * `pending`: to be attempted at `nextAttemptAt`; `delivered`: a 2xx came back; `skipped`: the webhook
 * does not want this event type (recorded so the lane has no holes); `dead`: given up after the retry
 * policy's last attempt, waiting for an administrator's replay.
 */
export type DeliveryState = 'pending' | 'delivered' | 'skipped' | 'dead';

export interface WebhookDelivery {
  readonly lane: LaneRef;
  readonly position: number;
  readonly url: string;
  /** Set when the webhook was a chat one at recording: its URL is a credential, never shown whole. */
  readonly format?: ChatFormat;
  readonly event: CloudEvent;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly recordedAt: string;
  readonly nextAttemptAt?: string;
  readonly lastAttemptAt?: string;
  readonly lastStatus?: number;
  readonly lastError?: string;
  /** When it became delivered or dead. */
  readonly settledAt?: string;
  /** Set while an administrator's replay is sending it, so two replays do not both send. */
  readonly replayingUntil?: string;
}

/** The lane's progress: everything before `nextPosition` is settled (or was given up waiting for). */
export interface LaneHead {
  readonly nextPosition: number;
  /** Since when the lane has been waiting for a missing position while later ones are there. */
  readonly gapSince?: string;
}

/** The right to send in a lane for a while; only its holder attempts the lane's deliveries. */
export interface LaneLease {
  readonly lane: LaneRef;
  readonly head: LaneHead;
  /** Opaque; moves with every save under the lease. */
  readonly version: string;
  /**
   * The due index may hold the lane: the claimer found it there, or a release put it there. Only then
   * does a release with no more work take it off (a lane that was never marked costs no delete).
   */
  readonly indexed: boolean;
}

export interface ClaimOptions {
  /** The claimer found the lane in the due index (or has reason to think another handler put it there). */
  readonly indexed?: boolean;
  /** The lane probably has no head yet (its first event): it is created straight away, without a read. */
  readonly fresh?: boolean;
}

export interface Versioned<T> {
  readonly value: T;
  readonly version: string;
}

export interface WebhookDeliveryStore {
  /** Records deliveries; one already recorded keeps its state (a redelivered event changes nothing). */
  record(deliveries: readonly WebhookDelivery[]): Promise<void>;
  /** Notes that a lane has work from `at` on, for the retry sweep to find. */
  markDue(lane: LaneRef, at: Date): Promise<void>;
  dueLanes(now: Date, limit: number): Promise<LaneRef[]>;
  /** Takes the lane unless another holder's lease is still running; `undefined` if it is. */
  claimLane(lane: LaneRef, leaseMs: number, options?: ClaimOptions): Promise<LaneLease | undefined>;
  /** Every delivery of the lane, in position order. */
  laneDeliveries(lane: LaneRef): Promise<WebhookDelivery[]>;
  /** Saves a delivery together with the lane head and renews the lease; `undefined` if the lease was lost. */
  saveUnderLease(
    lease: LaneLease,
    delivery: WebhookDelivery,
    head: LaneHead,
    leaseMs: number,
  ): Promise<LaneLease | undefined>;
  /**
   * Gives the lane up, recording its head and when it next has work (`undefined`: none), together with
   * the holder's last delivery, if it has one not yet saved (one transaction). Writes nothing if the
   * lease was lost.
   */
  releaseLane(lease: LaneLease, head: LaneHead, dueAt: Date | undefined, last?: WebhookDelivery): Promise<void>;
  /** Dead deliveries, oldest first; of one client, or of all. */
  dead(clientId: string | undefined, limit: number): Promise<WebhookDelivery[]>;
  find(lane: LaneRef, position: number): Promise<Versioned<WebhookDelivery> | undefined>;
  /** Replaces a delivery if it is still at `version`; the new version, or `undefined` if it had changed. */
  replace(delivery: WebhookDelivery, version: string): Promise<string | undefined>;
}
