import type { ExecutionLedger, OpenTask } from './execution-ledger';
import { EventType, type HistoryEvent } from './history-events';
import type { InstanceRecord } from './instance-store';
import type { PendingMessage } from './pending-inbox';

/** Most messages one episode takes: keeps its transaction (record, history rows, deletions) under 100 operations. */
export const maxMessagesPerEpisode = 32;

export interface EpisodeBatch {
  /** Messages whose events the orchestrator sees this episode, in order. */
  readonly delivered: readonly PendingMessage[];
  /** Every message the episode consumes: the delivered ones and the stale ones before or among them. */
  readonly consumed: readonly PendingMessage[];
  /** The task each delivered event closed (same order); the planner needs it when one event is delivered. */
  readonly closed: readonly (OpenTask | undefined)[];
  readonly events: readonly HistoryEvent[];
}

/**
 * Picks the events the next episode delivers, from the head of the inbox: as many waiting events of the
 * current execution as there are (up to `limit`), as the Durable extension does when several messages
 * are waiting. Folds each into `ledger`. Stale messages met on the way (an earlier execution, a task that
 * is no longer open, a timer that was cancelled since it fell due) are consumed without being delivered.
 *
 * An event that completes part of a `callActivityWithRetry` (a failed attempt, a retry timer) always
 * gets an episode of its own: the executor numbers the retry's timer or next attempt while it processes
 * that event, before any action the same episode could add — one event keeps the engine's numbering
 * identical.
 */
export function selectEvents(
  inbox: readonly PendingMessage[],
  record: InstanceRecord,
  ledger: ExecutionLedger,
  limit: number,
  log: (why: string, message: PendingMessage) => void,
): EpisodeBatch {
  const delivered: PendingMessage[] = [];
  const consumed: PendingMessage[] = [];
  const closed: (OpenTask | undefined)[] = [];
  const pendingTimers = new Set(record.timers.map((t) => t.timerId));
  for (const item of inbox) {
    const { message } = item;
    if (message.kind !== 'event' || delivered.length >= limit || consumed.length >= maxMessagesPerEpisode) break;
    const event = message.event;
    if (message.executionId !== undefined && message.executionId !== record.executionId) {
      log('message for an earlier execution', item);
      consumed.push(item);
      continue;
    }
    const target = event.EventType === EventType.EventRaised ? undefined : ledger.target(event);
    // A fired timer held only in memory is valid while the instance row still lists it as pending.
    const cancelled =
      item.rowKey === undefined && event.EventType === EventType.TimerFired && !pendingTimers.has(event.TimerId ?? -1);
    if ((event.EventType !== EventType.EventRaised && !target) || cancelled) {
      log('completion of a task that is not open', item);
      consumed.push(item);
      continue;
    }
    if (target?.retryOf !== undefined && delivered.length > 0) break;
    delivered.push(item);
    consumed.push(item);
    closed.push(ledger.apply(event));
    if (target?.retryOf !== undefined) break;
  }
  return { delivered, consumed, closed, events: delivered.map((m) => (m.message as { event: HistoryEvent }).event) };
}
