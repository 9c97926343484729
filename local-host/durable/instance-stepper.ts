import { randomUUID } from 'node:crypto';
import type { EngineContext } from './engine-context';
import { maxMessagesPerEpisode, selectEvents, type EpisodeBatch } from './episode-batch';
import { ExecutionLedger } from './execution-ledger';
import {
  EventType,
  executionCompleted,
  executionStarted,
  executionTerminated,
  orchestratorCompleted,
  orchestratorStarted,
  type HistoryEvent,
} from './history-events';
import { meterEpisode } from './durable-metering';
import type { InstanceState } from './instance-cache';
import {
  historyRowKeys,
  inboxKeys,
  isTerminal,
  maxTransactionActions,
  nextSeq,
  type InstanceRecord,
  type StepCommit,
} from './instance-store';
import { replayOrchestrator } from './orchestration-replay';
import type { PendingMessage } from './pending-inbox';
import { planStep, type StepPlan } from './step-planner';

export const newExecutionId = (): string => randomUUID().replace(/-/g, '');

/**
 * Runs an instance's episodes from its in-memory inbox — the Durable extension's episodes: append
 * `OrchestratorStarted` (stamped with the engine clock, which is what `context.df.currentUtcDateTime`
 * reads) and the waiting messages' events, replay the orchestrator through durable-functions, and commit
 * the new history, status, timers and the consumed messages in one transaction. Nothing is read from
 * storage: the instance's state is in memory (`InstanceCache`).
 */
export class InstanceStepper {
  constructor(private readonly ctx: EngineContext) {}

  /** Runs one episode if messages are waiting; false when the inbox is empty. */
  async processNext(instanceId: string): Promise<boolean> {
    const state = await this.ctx.cache.get(instanceId);
    if (!state || state.inbox.items.length === 0) return false;
    try {
      await this.#process(state);
    } catch (error) {
      // The messages stay in storage; the instance is read again from there when next used.
      this.ctx.cache.evict(instanceId);
      throw error;
    }
    return true;
  }

  async #process(state: InstanceState): Promise<void> {
    const { record } = state;
    const first = state.inbox.items[0]!;
    const message = first.message;
    const now = this.ctx.clock.now();
    if (message.kind === 'start') {
      if (message.executionId !== record.executionId || record.historyRows > 0 || isTerminal(record.runtimeStatus)) {
        return this.#discard(state, [first], 'start of an execution that is not current');
      }
      const fresh = [orchestratorStarted(now), executionStarted(now, record.name, record.inputJson)];
      const batch: EpisodeBatch = { delivered: [first], consumed: [first], closed: [undefined], events: [] };
      return this.#commit(state, batch, fresh, await this.#plan(state, ExecutionLedger.from([]), batch, fresh), now);
    }
    if (isTerminal(record.runtimeStatus))
      return this.#discard(
        state,
        state.inbox.items.slice(0, maxTransactionActions),
        `instance is ${record.runtimeStatus}`,
      );
    if (message.kind === 'terminate') return this.#terminate(state, first, message.reason);
    return this.#events(state);
  }

  /** One episode for the waiting events. */
  async #events(state: InstanceState): Promise<void> {
    let episode = await this.#prepare(state, maxMessagesPerEpisode);
    const { batch, plan } = episode;
    if (batch.delivered.length === 0)
      return this.#discard(
        state,
        batch.consumed.length > 0 ? batch.consumed : [state.inbox.items[0]!],
        'nothing to deliver',
      );
    // Events after the one that ends the execution belong to the next execution (continue-as-new carries
    // waiting events over), as if each had had its own episode: deliver only up to the first that ends it.
    if (plan.outcome.kind !== 'running' && batch.delivered.length > 1) {
      for (let limit = 1; limit < batch.delivered.length; limit++) {
        const shorter = await this.#prepare(state, limit);
        if (shorter.plan.outcome.kind !== 'running') {
          episode = shorter;
          break;
        }
      }
    }
    return this.#commit(state, episode.batch, episode.fresh, episode.plan, episode.now);
  }

  /** Picks up to `limit` events and replays the orchestrator with them (nothing is written yet). */
  async #prepare(
    state: InstanceState,
    limit: number,
  ): Promise<{ batch: EpisodeBatch; fresh: HistoryEvent[]; plan: StepPlan; now: Date }> {
    const ledger = ExecutionLedger.from(state.history ?? []);
    const log = (why: string, m: PendingMessage): void =>
      this.ctx.log(`durable: ${state.record.instanceId}: dropped ${m.message.kind} message (${why})`);
    const batch = selectEvents(state.inbox.items, state.record, ledger, limit, log);
    const now = this.ctx.clock.now();
    const fresh = [orchestratorStarted(now), ...batch.events];
    const plan =
      batch.delivered.length === 0 ? failedPlan('nothing to deliver') : await this.#plan(state, ledger, batch, fresh);
    return { batch, fresh, plan, now };
  }

  async #plan(
    state: InstanceState,
    ledger: ExecutionLedger,
    batch: EpisodeBatch,
    fresh: HistoryEvent[],
  ): Promise<StepPlan> {
    const { record } = state;
    const fn = this.ctx.registry.get(record.name);
    if (!fn || fn.trigger.type !== 'orchestrationTrigger') {
      return failedPlan(
        `The function '${record.name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      );
    }
    const replay = await replayOrchestrator({
      fn,
      instanceId: record.instanceId,
      input: record.inputJson === undefined ? undefined : (JSON.parse(record.inputJson) as unknown),
      past: state.history ?? [],
      fresh,
      log: this.ctx.log,
    });
    const single = batch.events.length === 1;
    try {
      const now = new Date(fresh[0]!.Timestamp);
      return planStep({
        orchestratorName: record.name,
        ledger,
        event: single ? batch.events[0] : undefined,
        closed: single ? batch.closed[0] : undefined,
        replay,
        now,
      });
    } catch (error) {
      return failedPlan(
        `Orchestrator function '${record.name}' failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async #commit(
    state: InstanceState,
    batch: EpisodeBatch,
    fresh: HistoryEvent[],
    plan: StepPlan,
    now: Date,
  ): Promise<void> {
    const { record } = state;
    const history = state.history ?? [];
    const { outcome } = plan;
    // A replay that threw reports no custom status; the last one set stays visible, as in Durable.
    const customStatusJson =
      outcome.kind === 'failed' && outcome.customStatusJson === undefined
        ? record.customStatusJson
        : outcome.customStatusJson;
    const base: InstanceRecord = { ...record, lastUpdatedTime: now.toISOString(), customStatusJson };
    const id = record.instanceId;
    const consumed = rowKeysOf(batch.consumed);
    if (outcome.kind === 'continueAsNew') {
      // A fresh execution: new id, empty history, no timers. Messages still waiting in the inbox (raised
      // events nobody has seen yet) stay there and reach the new execution; events the old execution
      // already received are not replayed into it (see docs: durable-js + Task.any). The old
      // execution's history goes in the same transaction when it fits.
      const executionId = newExecutionId();
      const oldRows = historyRowKeys(record.executionId, record.historyRows);
      // Record update + start message + consumed rows + deletions must fit one transaction.
      const drop = 2 + consumed.length + oldRows.length <= maxTransactionActions ? oldRows : [];
      const start = {
        rowKey: inboxKeys.start(executionId),
        seq: nextSeq(),
        message: { kind: 'start' as const, executionId },
      };
      const next: InstanceRecord = {
        ...base,
        runtimeStatus: 'Running',
        executionId,
        historyRows: 0,
        timers: [],
        inputJson: outcome.inputJson,
        outputJson: undefined,
      };
      await this.#save(state, { record: next, consumed, enqueue: [start], drop }, batch, []);
      state.inbox.add(start);
      this.ctx.timers.removeInstance(id);
      if (drop.length === 0) this.ctx.dropHistory(id, oldRows);
      return;
    }
    if (outcome.kind === 'completed' || outcome.kind === 'failed') {
      const status = outcome.kind === 'completed' ? 'Completed' : 'Failed';
      const outputJson = outcome.kind === 'completed' ? outcome.outputJson : JSON.stringify(outcome.message);
      if (outcome.kind === 'failed') this.ctx.log(`durable: ${id}: ${outcome.message}`);
      const events = [
        ...fresh,
        ...plan.decisions,
        orchestratorCompleted(now),
        executionCompleted(now, status, outputJson),
      ];
      const next: InstanceRecord = { ...base, runtimeStatus: status, timers: [], outputJson };
      await this.#save(
        state,
        { record: next, append: { firstRow: record.historyRows, events }, consumed },
        batch,
        undefined,
      );
      this.ctx.timers.removeInstance(id);
      return;
    }
    const canceled = new Set(plan.timersCanceled);
    const fired = firedTimers(batch.consumed, record.executionId);
    const timers = [
      ...record.timers.filter((t) => !canceled.has(t.timerId) && !fired.has(t.timerId)),
      ...plan.timersAdded,
    ];
    const events = [...fresh, ...plan.decisions, orchestratorCompleted(now)];
    const next: InstanceRecord = { ...base, runtimeStatus: 'Running', timers };
    await this.#save(state, { record: next, append: { firstRow: record.historyRows, events }, consumed }, batch, [
      ...history,
      ...events,
    ]);
    for (const timerId of [...canceled, ...fired])
      this.ctx.timers.remove({ instanceId: id, executionId: record.executionId, timerId });
    for (const timer of plan.timersAdded)
      this.ctx.timers.add({ instanceId: id, executionId: record.executionId, ...timer });
    if (plan.timersAdded.length > 0) this.ctx.timersAdded();
    for (const activity of plan.activities) this.ctx.runActivity(id, record.executionId, activity);
  }

  async #terminate(state: InstanceState, entry: PendingMessage, reason: string): Promise<void> {
    const { record } = state;
    const now = this.ctx.clock.now();
    const events = [orchestratorStarted(now), executionTerminated(now, reason), orchestratorCompleted(now)];
    const next: InstanceRecord = {
      ...record,
      runtimeStatus: 'Terminated',
      lastUpdatedTime: now.toISOString(),
      timers: [],
      outputJson: JSON.stringify(reason),
    };
    const batch: EpisodeBatch = { delivered: [], consumed: [entry], closed: [], events: [] };
    await this.#save(
      state,
      { record: next, append: { firstRow: record.historyRows, events }, consumed: rowKeysOf([entry]) },
      batch,
      undefined,
    );
    this.ctx.timers.removeInstance(record.instanceId);
  }

  /** Drops messages that can no longer be delivered; rows in one transaction, timers held in memory just go. */
  async #discard(state: InstanceState, items: readonly PendingMessage[], why: string): Promise<void> {
    for (const item of items)
      this.ctx.log(`durable: ${state.record.instanceId}: dropped ${item.message.kind} message (${why})`);
    await this.ctx.store.deleteRows(state.record.instanceId, rowKeysOf(items));
    state.inbox.remove(items);
  }

  /** Commits, then brings the state held in memory in line with what storage now holds. */
  async #save(
    state: InstanceState,
    step: StepCommit,
    batch: EpisodeBatch,
    history: readonly HistoryEvent[] | undefined,
  ): Promise<void> {
    state.record = await this.ctx.store.commit(step);
    meterEpisode(this.ctx.meter, step.append?.events);
    state.history = history;
    state.inbox.remove(batch.consumed);
  }
}

const rowKeysOf = (items: readonly PendingMessage[]): string[] =>
  items.flatMap((m) => (m.rowKey === undefined ? [] : [m.rowKey]));

/** Timers of the current execution whose `TimerFired` this episode consumes: no longer pending. */
function firedTimers(consumed: readonly PendingMessage[], executionId: string): Set<number> {
  const ids = new Set<number>();
  for (const { message } of consumed) {
    if (
      message.kind === 'event' &&
      message.event.EventType === EventType.TimerFired &&
      (message.executionId ?? executionId) === executionId
    )
      ids.add(message.event.TimerId ?? -1);
  }
  return ids;
}

function failedPlan(message: string): StepPlan {
  return {
    decisions: [],
    timersAdded: [],
    timersCanceled: [],
    activities: [],
    outcome: { kind: 'failed', message, customStatusJson: undefined },
  };
}
