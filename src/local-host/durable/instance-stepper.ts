import { randomUUID } from 'node:crypto';
import type { EngineContext } from './engine-context';
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
import type { LoadedInstance } from './instance-cache';
import { inboxKeys, isTerminal, type InboxEntry, type InstanceRecord } from './instance-store';
import { replayOrchestrator } from './orchestration-replay';
import { planStep, type StepPlan } from './step-planner';

export const newExecutionId = (): string => randomUUID().replace(/-/g, '');

/**
 * Takes an instance's inbox one message at a time. Each message is one orchestrator step — the
 * Durable extension's "episode": append `OrchestratorStarted` (stamped with the engine clock, which is
 * what `context.df.currentUtcDateTime` reads) and the message's event, replay the orchestrator through
 * durable-functions, and commit the new history, status, timers and the consumed message together.
 *
 * One message per step keeps the engine's task numbering identical to the executor's: a retry timer is
 * numbered while its failure event is processed, before any action that the same step could produce.
 */
export class InstanceStepper {
  constructor(private readonly ctx: EngineContext) {}

  /** Processes the oldest waiting message; false when the inbox is empty. */
  async processNext(instanceId: string): Promise<boolean> {
    const [entry] = await this.ctx.store.readInbox(instanceId);
    if (!entry) return false;
    try {
      await this.#process(instanceId, entry);
    } catch (error) {
      // The message stays in the inbox; the next attempt starts again from storage.
      this.ctx.cache.evict(instanceId);
      throw error;
    }
    return true;
  }

  async #process(instanceId: string, entry: InboxEntry): Promise<void> {
    const loaded = await this.ctx.cache.get(instanceId);
    const message = entry.message;
    if (!loaded) return this.#discard(instanceId, entry, 'no such instance');
    const { record } = loaded;
    const now = this.ctx.clock.now();
    if (message.kind === 'start') {
      if (message.executionId !== record.executionId || record.historyRows > 0 || isTerminal(record.runtimeStatus)) {
        return this.#discard(instanceId, entry, 'start of an execution that is not current');
      }
      return this.#step(loaded, entry, [orchestratorStarted(now), executionStarted(now, record.name, record.inputJson)], undefined);
    }
    if (isTerminal(record.runtimeStatus)) return this.#discard(instanceId, entry, `instance is ${record.runtimeStatus}`);
    if (message.kind === 'terminate') return this.#terminate(loaded, entry, message.reason);
    if (message.executionId !== undefined && message.executionId !== record.executionId) {
      return this.#discard(instanceId, entry, 'message for an earlier execution');
    }
    const ledger = ExecutionLedger.from(loaded.history);
    if (message.event.EventType !== EventType.EventRaised && !ledger.target(message.event)) {
      return this.#discard(instanceId, entry, 'completion of a task that is not open');
    }
    return this.#step(loaded, entry, [orchestratorStarted(now), message.event], ledger);
  }

  async #discard(instanceId: string, entry: InboxEntry, why: string): Promise<void> {
    this.ctx.log(`durable: ${instanceId}: dropped ${entry.message.kind} message (${why})`);
    await this.ctx.store.discard(instanceId, entry.rowKey);
  }

  async #step(loaded: LoadedInstance, entry: InboxEntry, fresh: HistoryEvent[], known: ExecutionLedger | undefined): Promise<void> {
    const { record, history } = loaded;
    const now = new Date(fresh[0]!.Timestamp);
    const fn = this.ctx.registry.get(record.name);
    let plan: StepPlan;
    if (!fn || fn.trigger.type !== 'orchestrationTrigger') {
      plan = failedPlan(`The function '${record.name}' doesn't exist, is disabled, or is not an orchestrator function.`);
    } else {
      const ledger = known ?? ExecutionLedger.from(history);
      const event = fresh[1]?.EventType === EventType.ExecutionStarted ? undefined : fresh[1];
      const closed = event ? ledger.apply(event) : undefined;
      const replay = await replayOrchestrator({
        fn,
        instanceId: record.instanceId,
        input: record.inputJson === undefined ? undefined : (JSON.parse(record.inputJson) as unknown),
        past: history,
        fresh,
        log: this.ctx.log,
      });
      try {
        plan = planStep({ orchestratorName: record.name, ledger, event, closed, replay, now });
      } catch (error) {
        plan = failedPlan(`Orchestrator function '${record.name}' failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await this.#commit(loaded, entry, fresh, plan, now);
  }

  async #commit(loaded: LoadedInstance, entry: InboxEntry, fresh: HistoryEvent[], plan: StepPlan, now: Date): Promise<void> {
    const { record, history } = loaded;
    const { outcome } = plan;
    // A replay that threw reports no custom status; the last one set stays visible, as in Durable.
    const customStatusJson = outcome.kind === 'failed' && outcome.customStatusJson === undefined ? record.customStatusJson : outcome.customStatusJson;
    const base: InstanceRecord = { ...record, lastUpdatedTime: now.toISOString(), customStatusJson };
    const id = record.instanceId;
    if (outcome.kind === 'continueAsNew') {
      // A fresh execution: new id, empty history, no timers. Messages already waiting in the inbox
      // (raised events nobody has seen yet) stay there and reach the new execution; events the old
      // execution already received are not replayed into it (see docs: durable-js + Task.any).
      const executionId = newExecutionId();
      const next: InstanceRecord = { ...base, runtimeStatus: 'Running', executionId, historyRows: 0, timers: [], inputJson: outcome.inputJson, outputJson: undefined };
      const saved = await this.ctx.store.commit({
        record: next,
        consumed: entry.rowKey,
        enqueue: [{ rowKey: inboxKeys.start(executionId), message: { kind: 'start', executionId } }],
      });
      this.ctx.timers.removeInstance(id);
      this.ctx.cache.put({ record: saved, history: [] });
      this.ctx.dropStaleHistory(id, executionId);
      return;
    }
    if (outcome.kind === 'completed' || outcome.kind === 'failed') {
      const status = outcome.kind === 'completed' ? 'Completed' : 'Failed';
      const outputJson = outcome.kind === 'completed' ? outcome.outputJson : JSON.stringify(outcome.message);
      if (outcome.kind === 'failed') this.ctx.log(`durable: ${id}: ${outcome.message}`);
      const events = [...fresh, ...plan.decisions, orchestratorCompleted(now), executionCompleted(now, status, outputJson)];
      const next: InstanceRecord = { ...base, runtimeStatus: status, timers: [], outputJson };
      const saved = await this.ctx.store.commit({ record: next, append: { firstRow: record.historyRows, events }, consumed: entry.rowKey });
      this.ctx.timers.removeInstance(id);
      this.ctx.cache.put({ record: saved, history: [...history, ...events] });
      return;
    }
    const canceled = new Set(plan.timersCanceled);
    const timers = [...record.timers.filter((t) => !canceled.has(t.timerId)), ...plan.timersAdded];
    const events = [...fresh, ...plan.decisions, orchestratorCompleted(now)];
    const next: InstanceRecord = { ...base, runtimeStatus: 'Running', timers };
    const saved = await this.ctx.store.commit({ record: next, append: { firstRow: record.historyRows, events }, consumed: entry.rowKey });
    this.ctx.cache.put({ record: saved, history: [...history, ...events] });
    for (const timerId of canceled) this.ctx.timers.remove({ instanceId: id, executionId: record.executionId, timerId });
    for (const timer of plan.timersAdded) this.ctx.timers.add({ instanceId: id, executionId: record.executionId, ...timer });
    if (plan.timersAdded.length > 0) this.ctx.timersAdded();
    for (const activity of plan.activities) this.ctx.runActivity(id, record.executionId, activity);
  }

  async #terminate(loaded: LoadedInstance, entry: InboxEntry, reason: string): Promise<void> {
    const { record, history } = loaded;
    const now = this.ctx.clock.now();
    const events = [orchestratorStarted(now), executionTerminated(now, reason), orchestratorCompleted(now)];
    const next: InstanceRecord = { ...record, runtimeStatus: 'Terminated', lastUpdatedTime: now.toISOString(), timers: [], outputJson: JSON.stringify(reason) };
    const saved = await this.ctx.store.commit({ record: next, append: { firstRow: record.historyRows, events }, consumed: entry.rowKey });
    this.ctx.timers.removeInstance(record.instanceId);
    this.ctx.cache.put({ record: saved, history: [...history, ...events] });
  }
}

function failedPlan(message: string): StepPlan {
  return { decisions: [], timersAdded: [], timersCanceled: [], activities: [], outcome: { kind: 'failed', message, customStatusJson: undefined } };
}
