import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../ports/clock';
import type { FunctionRegistry } from '../functions-core-shim';
import { VirtualClock } from '../virtual-clock';
import { invokeActivity } from './activity-invoker';
import { durableClientBinding } from './client-binding';
import { handleClientApi } from './client-http-api';
import type { EngineContext } from './engine-context';
import { ExecutionLedger } from './execution-ledger';
import { timerFired } from './history-events';
import { InstanceCache } from './instance-cache';
import { InstanceOperations } from './instance-operations';
import { inboxKeys, InstanceStore, isTerminal } from './instance-store';
import { InstanceStepper } from './instance-stepper';
import type { ScheduledActivity } from './step-planner';
import { TimerIndex, type ScheduledTimer } from './timer-index';
import { WorkTracker } from './work-tracker';

export interface LocalDurableEngineOptions {
  registry: FunctionRegistry;
  storageConnectionString: string;
  taskHub: string;
  clock: Clock;
  /** Origin of the local host, e.g. `http://127.0.0.1:7071`; the durable client calls back to it. */
  baseUrl: string;
  log?: (msg: string) => void;
}

/** With a clock that moves by itself, due timers are looked for at least this often. */
const pollMs = 1000;

/**
 * Runs the app's durable orchestrations on the local host: the registered orchestrators replayed by
 * durable-functions itself, their history, inbox and timers in Table Storage (Azurite), activities
 * invoked in-process, and the extension's HTTP API for `df.getClient(context)`.
 */
export class LocalDurableEngine {
  readonly #options: LocalDurableEngineOptions;
  readonly #ctx: EngineContext;
  readonly #stepper: InstanceStepper;
  readonly #ops: InstanceOperations;
  readonly #pumping = new Set<string>();
  readonly #pumpAgain = new Set<string>();
  readonly #autoFire: boolean;
  #wakeUp: NodeJS.Timeout | undefined;
  #stopping = true;

  constructor(options: LocalDurableEngineOptions) {
    if (!/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(options.taskHub)) throw new Error(`Task hub name "${options.taskHub}" must be 3–45 letters and digits, starting with a letter.`);
    this.#options = options;
    // A virtual clock only moves when told to; timers then fire through fireDueTimers() (the dev clock route).
    this.#autoFire = !(options.clock instanceof VirtualClock);
    const store = new InstanceStore(options.storageConnectionString, `${options.taskHub}Instances`);
    const log = options.log ?? (() => undefined);
    this.#ctx = {
      store,
      registry: options.registry,
      clock: options.clock,
      log,
      cache: new InstanceCache(store),
      timers: new TimerIndex(),
      work: new WorkTracker(),
      pump: (id) => this.#pump(id),
      runActivity: (id, executionId, activity) => this.#runActivity(id, executionId, activity),
      timersAdded: () => this.#timersAdded(),
      dropStaleHistory: (id, executionId) => this.#track(store.deleteStaleHistory(id, executionId)),
    };
    this.#stepper = new InstanceStepper(this.#ctx);
    this.#ops = new InstanceOperations(this.#ctx);
  }

  /** Creates the table and picks up where the last run stopped: timers, unfinished activities, waiting messages. */
  async start(): Promise<void> {
    const { store, timers } = this.#ctx;
    await store.ensureTable();
    this.#stopping = false;
    for (const record of await store.list()) {
      if (isTerminal(record.runtimeStatus)) continue;
      for (const t of record.timers) timers.add({ instanceId: record.instanceId, executionId: record.executionId, ...t });
      const loaded = await this.#ctx.cache.get(record.instanceId);
      if (!loaded) continue;
      // Activities scheduled but without a recorded result ran (or were about to) when the host stopped:
      // run them again, at least once, as Durable does.
      for (const task of ExecutionLedger.from(loaded.history).openActivities()) {
        if (await store.hasInbox(record.instanceId, inboxKeys.activityResult(record.executionId, task.eventId))) continue;
        this.#runActivity(record.instanceId, record.executionId, { eventId: task.eventId, name: task.name, inputJson: task.inputJson });
      }
      this.#ctx.dropStaleHistory(record.instanceId, record.executionId);
    }
    for (const id of await store.instancesWithInbox()) this.#pump(id);
    this.#timersAdded();
    this.#options.log?.(`durable: task hub ${this.#options.taskHub} started, ${timers.size} timer(s) pending`);
  }

  /** Stops taking work and waits for steps and activities under way; what is left is picked up by the next start(). */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#wakeUp);
    this.#wakeUp = undefined;
    await this.#ctx.work.settled();
  }

  durableClientInput(): unknown {
    return durableClientBinding(this.#options.baseUrl, this.#options.taskHub);
  }

  handleHttp(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
    return handleClientApi(req, res, body, this.#ops, { baseUrl: this.#options.baseUrl, taskHub: this.#options.taskHub });
  }

  /** Fires every timer due at `clock.now()`, earliest first, letting the work each one causes settle before the next. */
  async fireDueTimers(): Promise<void> {
    await this.#ctx.work.serialize('\u0000timers', async () => {
      await this.settled();
      for (let next = this.#due(); next; next = this.#due()) {
        await this.#fire(next);
        await this.settled();
      }
    });
  }

  settled(): Promise<void> {
    return this.#ctx.work.settled();
  }

  /** When the earliest pending timer falls due (the dev clock route steps through these). */
  nextTimerAt(): Date | undefined {
    const next = this.#ctx.timers.earliest();
    return next ? new Date(next.fireAt) : undefined;
  }

  #due(): ScheduledTimer | undefined {
    const next = this.#ctx.timers.earliest();
    return next && Date.parse(next.fireAt) <= this.#options.clock.now().getTime() ? next : undefined;
  }

  /**
   * Moves one timer from the instance's pending list into its inbox as `TimerFired`, in one transaction:
   * after a crash the timer is either still pending or already fired, never both, never lost.
   */
  async #fire(timer: ScheduledTimer): Promise<void> {
    const { timers, cache, store, work } = this.#ctx;
    timers.remove(timer);
    try {
      await work.serialize(timer.instanceId, async () => {
        const loaded = await cache.get(timer.instanceId);
        const pending = loaded?.record.executionId === timer.executionId ? loaded.record.timers.find((t) => t.timerId === timer.timerId) : undefined;
        if (!loaded || !pending) return;
        const record = { ...loaded.record, timers: loaded.record.timers.filter((t) => t !== pending) };
        const event = timerFired(this.#options.clock.now(), pending.timerId, pending.fireAt);
        const message = { kind: 'event' as const, event, executionId: timer.executionId };
        try {
          const saved = await store.commit({ record, enqueue: [{ rowKey: inboxKeys.timerFired(timer.executionId, timer.timerId), message }] });
          cache.put({ ...loaded, record: saved });
        } catch (error) {
          cache.evict(timer.instanceId);
          throw error;
        }
      });
      this.#pump(timer.instanceId);
    } catch (error) {
      this.#report(error);
    }
  }

  #pump(instanceId: string): void {
    if (this.#stopping) return;
    if (this.#pumping.has(instanceId)) {
      this.#pumpAgain.add(instanceId);
      return;
    }
    this.#pumping.add(instanceId);
    const run = async (): Promise<void> => {
      try {
        do {
          this.#pumpAgain.delete(instanceId);
          while (!this.#stopping && (await this.#ctx.work.serialize(instanceId, () => this.#stepper.processNext(instanceId)))) {
            // one message per step, until the inbox is empty
          }
        } while (this.#pumpAgain.has(instanceId) && !this.#stopping);
      } finally {
        this.#pumping.delete(instanceId);
      }
    };
    this.#track(run());
  }

  #runActivity(instanceId: string, executionId: string, activity: ScheduledActivity): void {
    // Not run while stopping: the task stays open in the history and start() runs it again.
    if (this.#stopping) return;
    const run = async (): Promise<void> => {
      const completion = await invokeActivity({
        fn: this.#options.registry.get(activity.name),
        name: activity.name,
        inputJson: activity.inputJson,
        taskId: activity.eventId,
        clock: () => this.#options.clock.now(),
        inputBinding: (type) => (type === 'durableClient' || type === 'orchestrationClient' ? this.durableClientInput() : undefined),
        log: this.#ctx.log,
      });
      // Recorded before anyone acts on it; the key makes a second recording of the same task a no-op.
      await this.#ctx.store.enqueue(instanceId, inboxKeys.activityResult(executionId, activity.eventId), { kind: 'event', event: completion, executionId });
      this.#pump(instanceId);
    };
    this.#track(run());
  }

  /** New timers: fire the ones already due now, and (real clock) wake up when the next falls due. */
  #timersAdded(): void {
    if (this.#stopping) return;
    if (this.#due()) {
      this.#track(
        (async () => {
          for (let next = this.#due(); next && !this.#stopping; next = this.#due()) await this.#fire(next);
        })(),
      );
    }
    if (!this.#autoFire) return;
    clearTimeout(this.#wakeUp);
    const next = this.#ctx.timers.earliest();
    const wait = next ? Math.min(pollMs, Math.max(0, Date.parse(next.fireAt) - this.#options.clock.now().getTime())) : pollMs;
    this.#wakeUp = setTimeout(() => {
      this.#wakeUp = undefined;
      this.#timersAdded();
    }, wait);
    this.#wakeUp.unref();
  }

  #track(work: Promise<unknown>): void {
    this.#ctx.work.track(work, (error) => this.#report(error));
  }

  #report(error: unknown): void {
    this.#ctx.log(`durable: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
