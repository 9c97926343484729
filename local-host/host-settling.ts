/** What settling waits on: the outbox relay, the local topic's `sla` queue, the Durable engine. */
export interface SettlingParts {
  readonly relay: { idle(): Promise<void>; busy(): boolean };
  readonly topic: { drained(timeoutMs: number, subscriptions?: readonly string[]): Promise<boolean> };
  readonly engine: { settled(): Promise<void> };
  readonly log: (line: string) => void;
}

/** The subscriptions whose work must be done before a virtual-clock timer is judged. */
const clockSubscriptions = ['sla'] as const;
/** Longer than the `sla` queue's visibility timeout, so a message a killed host had taken is handled too. */
const drainTimeoutMs = 60_000;
const maxRounds = 10;

/**
 * Waits until the work that follows committed changes is done: events relayed to the topic, the `sla`
 * subscription drained (orchestrations started or told) and the Durable engine idle. Repeated until
 * a round finds nothing to wait for, because each part can give the next one work.
 *
 * The virtual clock fires timers only after this, so a ticket created just before `POST /api/dev/clock`
 * has its orchestration (and its timers) in place before the clock moves past them.
 */
export async function settleHost(parts: SettlingParts): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    const relaying = parts.relay.busy();
    await parts.relay.idle();
    const queued = !(await parts.topic.drained(0, clockSubscriptions));
    if (queued && !(await parts.topic.drained(drainTimeoutMs, clockSubscriptions))) {
      parts.log(
        `settling: the sla subscription still had messages after ${drainTimeoutMs / 1000} s; timers fire anyway`,
      );
    }
    await parts.engine.settled();
    if (!relaying && !queued) return;
  }
}
