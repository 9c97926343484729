import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../src/ports/clock';
import type { FunctionRegistry } from '../functions-core-shim';
import { VirtualClock } from '../virtual-clock';
import { invokeActivity } from './activity-invoker';
import { durableClientBinding } from './client-binding';
import { handleClientApi } from './client-http-api';
import { ConcurrencyLimit } from './concurrency-limit';
import { processMeter } from '../../src/adapters/metering/counting-meter';
import type { Meter } from '../../src/ports/meter';
import type { EngineContext } from './engine-context';
import { ExecutionLedger } from './execution-ledger';
import { EventType, timerFired } from './history-events';
import { InstanceCache, type InstanceState } from './instance-cache';
import { InstanceOperations } from './instance-operations';
import { inboxKeys, InstanceStore, isTerminal, nextSeq, type InboxMessage } from './instance-store';
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
  /** Episodes (of different instances) in flight at once; default 32. */
  maxConcurrentEpisodes?: number;
  /** Activities running at once; default 32. */
  maxConcurrentActivities?: number;
  /**
   * Who may use the Durable HTTP API. Set by the local host: callers need the admin key, and the app's
   * own Durable client reaches it under a secret path segment (the stand-in for the Functions system
   * key Azure puts on these routes). Unset (engine tests): open.
   */
  access?: { readonly adminKey: string; readonly rpcPathKey: string };
  /** Where episodes are counted (default: the process's meter). */
  meter?: Meter;
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
  readonly #episodes: ConcurrencyLimit;
  readonly #activities: ConcurrencyLimit;
  #wakeUp: NodeJS.Timeout | undefined;
  #stopping = true;

  constructor(options: LocalDurableEngineOptions) {
    if (!/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(options.taskHub))
      throw new Error(`Task hub name "${options.taskHub}" must be 3–45 letters and digits, starting with a letter.`);
    this.#options = options;
    // A virtual clock only moves when told to; timers then fire through fireDueTimers() (the dev clock route).
    this.#autoFire = !(options.clock instanceof VirtualClock);
    this.#episodes = new ConcurrencyLimit(options.maxConcurrentEpisodes ?? 32);
    this.#activities = new ConcurrencyLimit(options.maxConcurrentActivities ?? 32);
    const store = new InstanceStore(options.storageConnectionString, `${options.taskHub}Instances`);
    const log = options.log ?? (() => undefined);
    this.#ctx = {
      store,
      registry: options.registry,
      clock: options.clock,
      log,
      meter: options.meter ?? processMeter,
      cache: new InstanceCache(store, (state) => this.#rearm(state)),
      timers: new TimerIndex(),
      work: new WorkTracker(),
      pump: (id) => this.#pump(id),
      runActivity: (id, executionId, activity) => this.#runActivity(id, executionId, activity),
      timersAdded: () => this.#timersAdded(),
      dropHistory: (id, rowKeys) => this.#dropRows(id, rowKeys),
    };
    this.#stepper = new InstanceStepper(this.#ctx);
    this.#ops = new InstanceOperations(this.#ctx);
  }

  /**
   * Creates the table and picks up where the last run stopped: one scan of the table loads every
   * instance (status, current history, inbox) into memory; then timers are armed, activities without a
   * recorded result run again, waiting messages are processed and leftover rows are deleted.
   */
  async start(): Promise<void> {
    const { store, timers, cache } = this.#ctx;
    await store.ensureTable();
    this.#stopping = false;
    const stored = await store.loadAll();
    for (const [id, found] of stored) {
      const leftovers = [...found.staleRows, ...(found.record ? [] : found.inbox.map((m) => m.rowKey))];
      if (leftovers.length > 0) this.#dropRows(id, leftovers);
    }
    for (const state of cache.adopt(stored)) {
      const { record } = state;
      if (!isTerminal(record.runtimeStatus)) {
        for (const t of record.timers)
          timers.add({ instanceId: record.instanceId, executionId: record.executionId, ...t });
        // Activities scheduled but without a recorded result ran (or were about to) when the host stopped:
        // run them again, at least once, as Durable does.
        const recorded = new Set(state.inbox.items.map((m) => m.rowKey));
        for (const task of ExecutionLedger.from(state.history ?? []).openActivities()) {
          if (recorded.has(inboxKeys.activityResult(record.executionId, task.eventId))) continue;
          this.#runActivity(record.instanceId, record.executionId, {
            eventId: task.eventId,
            name: task.name,
            inputJson: task.inputJson,
          });
        }
      }
      if (state.inbox.items.length > 0) this.#pump(record.instanceId);
    }
    this.#timersAdded();
    this.#options.log?.(
      `durable: task hub ${this.#options.taskHub} started, ${stored.size} instance(s), ${timers.size} timer(s) pending`,
    );
  }

  /** Stops taking work and waits for steps and activities under way; what is left is picked up by the next start(). */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#wakeUp);
    this.#wakeUp = undefined;
    await this.#ctx.work.settled();
  }

  durableClientInput(): unknown {
    return durableClientBinding(this.#options.baseUrl, this.#options.taskHub, this.#options.access?.rpcPathKey);
  }

  handleHttp(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
    return handleClientApi(req, res, body, this.#ops, {
      baseUrl: this.#options.baseUrl,
      taskHub: this.#options.taskHub,
      ...(this.#options.access ? { access: this.#options.access } : {}),
    });
  }

  /**
   * Fires every timer due at `clock.now()`, earliest instant first. Timers due at the same instant fire
   * together — their instances' episodes run side by side, bounded by the episode limit — and the work
   * they cause settles before the next instant's timers fire.
   */
  async fireDueTimers(): Promise<void> {
    await this.#ctx.work.serialize('\u0000timers', async () => {
      await this.settled();
      for (let next = this.#due(); next; next = this.#due()) {
        const instant = next.fireAt;
        for (let same: ScheduledTimer | undefined = next; same?.fireAt === instant; same = this.#due())
          await this.#fire(same);
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
   * Hands a due timer to its instance's next episode. Nothing is written here: the timer stays pending
   * in the instance row until the episode that delivers its `TimerFired` removes it, in the same
   * transaction that appends the history — so after a crash it is either still pending (and fires
   * again) or already processed, never both, never lost.
   */
  async #fire(timer: ScheduledTimer): Promise<void> {
    this.#ctx.timers.remove(timer);
    try {
      const state = await this.#ctx.cache.get(timer.instanceId);
      const pending =
        state?.record.executionId === timer.executionId
          ? state.record.timers.find((t) => t.timerId === timer.timerId)
          : undefined;
      if (!state || !pending || state.inbox.has((m) => isFiredTimer(m.message, timer.executionId, timer.timerId)))
        return;
      const event = timerFired(this.#options.clock.now(), pending.timerId, pending.fireAt);
      state.inbox.add({
        rowKey: undefined,
        seq: nextSeq(),
        message: { kind: 'event', event, executionId: timer.executionId },
      });
      this.#pump(timer.instanceId);
    } catch (error) {
      this.#report(error);
    }
  }

  /** An instance read again after a failed write: its timers and waiting messages are armed anew. */
  #rearm(state: InstanceState): void {
    const { record } = state;
    this.#ctx.timers.removeInstance(record.instanceId);
    if (!isTerminal(record.runtimeStatus)) {
      for (const t of record.timers)
        this.#ctx.timers.add({ instanceId: record.instanceId, executionId: record.executionId, ...t });
      this.#timersAdded();
    }
    if (state.inbox.items.length > 0) this.#pump(record.instanceId);
  }

  #dropRows(instanceId: string, rowKeys: readonly string[]): void {
    this.#track(this.#ctx.work.serialize(instanceId, () => this.#ctx.store.deleteRows(instanceId, rowKeys)));
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
          while (
            !this.#stopping &&
            (await this.#ctx.work.serialize(instanceId, () =>
              this.#episodes.run(() => this.#stepper.processNext(instanceId)),
            ))
          ) {
            // one episode at a time, until the inbox is empty
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
      const completion = await this.#activities.run(() => {
        if (this.#stopping) return Promise.resolve(undefined);
        return invokeActivity({
          fn: this.#options.registry.get(activity.name),
          name: activity.name,
          inputJson: activity.inputJson,
          taskId: activity.eventId,
          clock: () => this.#options.clock.now(),
          inputBinding: (type) =>
            type === 'durableClient' || type === 'orchestrationClient' ? this.durableClientInput() : undefined,
          log: this.#ctx.log,
        });
      });
      if (!completion) return;
      // Recorded before anyone acts on it; the key makes a second recording of the same task a no-op.
      const entry = await this.#ctx.store.enqueue(instanceId, inboxKeys.activityResult(executionId, activity.eventId), {
        kind: 'event',
        event: completion,
        executionId,
      });
      const state = entry && (await this.#ctx.cache.get(instanceId));
      if (entry && state) state.inbox.add(entry);
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
    const wait = next
      ? Math.min(pollMs, Math.max(0, Date.parse(next.fireAt) - this.#options.clock.now().getTime()))
      : pollMs;
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

function isFiredTimer(message: InboxMessage, executionId: string, timerId: number): boolean {
  return (
    message.kind === 'event' &&
    message.executionId === executionId &&
    message.event.EventType === EventType.TimerFired &&
    message.event.TimerId === timerId
  );
}
