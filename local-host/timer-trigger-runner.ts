import type { Timer } from '@azure/functions';
import { Cron } from 'croner';
import type { Clock } from '../src/ports/clock';
import type { FunctionRegistry, RegisteredFunction } from './functions-core-shim';
import type { InputBindingProviders } from './http-gateway';
import { createInvocationContext } from './invocation-context';

export interface TimerTriggerRunnerOptions {
  readonly registry: FunctionRegistry;
  readonly clock: Clock;
  /**
   * `true` with the system clock: each timer fires at its time. `false` with a virtual clock, which only
   * moves when told to: timers fire only when `fireDue` is called (the dev clock route does).
   */
  readonly automatic: boolean;
  /** App settings, for schedules written as `%SETTING%`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
  /** Values of the registrations' other input bindings (a Durable client), as the HTTP gateway gets them. */
  readonly inputBindings?: InputBindingProviders;
}

interface ScheduledTimer {
  readonly fn: RegisteredFunction;
  readonly cron: Cron;
  next: Date;
  last: Date | undefined;
  running: Promise<void> | undefined;
}

/** setTimeout takes at most a signed 32-bit number of milliseconds. */
const maxTimeoutMs = 2 ** 31 - 1;

/**
 * Runs every `timerTrigger` registration on its NCRONTAB schedule (six fields, seconds first, in UTC as
 * the Functions host does by default), handing it the `Timer` object the host would.
 *
 * Like the host, a timer never runs twice at once, and occurrences missed while the host was busy or
 * the clock jumped are not caught up one by one: the timer fires once, `isPastDue`, and its next
 * occurrence is counted from now.
 */
export class TimerTriggerRunner {
  readonly #timers: ScheduledTimer[] = [];
  #wake: NodeJS.Timeout | undefined;
  #started = false;

  constructor(private readonly options: TimerTriggerRunnerOptions) {}

  start(): void {
    if (this.#started) return;
    this.#started = true;
    const now = this.options.clock.now();
    for (const fn of this.options.registry.byTriggerType('timerTrigger')) {
      const cron = new Cron(this.#schedule(fn), { timezone: 'UTC', paused: true });
      const next = cron.nextRun(now);
      if (!next) continue;
      const timer: ScheduledTimer = { fn, cron, next, last: undefined, running: undefined };
      this.#timers.push(timer);
      if (fn.trigger.runOnStartup === true) void this.#fire(timer, now);
    }
    this.#arm();
  }

  stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#wake);
    this.#wake = undefined;
    const running = this.#timers.flatMap((t) => (t.running ? [t.running] : []));
    return Promise.all(running).then(() => undefined);
  }

  /** When each timer fires next, by function name. */
  schedule(): Record<string, string> {
    return Object.fromEntries(this.#timers.map((t) => [t.fn.name, t.next.toISOString()]));
  }

  /** Fires, in order of their due time, every timer due at `now`, and resolves when they have finished. */
  async fireDue(now: Date = this.options.clock.now()): Promise<void> {
    const due = this.#timers
      .filter((t) => t.next.getTime() <= now.getTime())
      .sort((a, b) => a.next.getTime() - b.next.getTime());
    for (const timer of due) await this.#fire(timer, now);
  }

  async #fire(timer: ScheduledTimer, now: Date): Promise<void> {
    if (timer.running) {
      await timer.running;
      if (timer.next.getTime() > now.getTime()) return;
    }
    const scheduled = timer.next;
    const next = timer.cron.nextRun(now) ?? new Date(8.64e15);
    const info: Timer = {
      isPastDue: now.getTime() - scheduled.getTime() > 1000,
      schedule: { adjustForDST: true },
      scheduleStatus: {
        last: (timer.last ?? scheduled).toISOString(),
        next: next.toISOString(),
        lastUpdated: now.toISOString(),
      },
    };
    timer.last = scheduled;
    timer.next = next;
    const context = createInvocationContext(
      timer.fn,
      (type) => this.options.inputBindings?.[type]?.(),
      this.options.log,
    );
    timer.running = (async () => {
      try {
        await timer.fn.handler(info, context);
      } catch (error) {
        // As in the host: a failed run is logged and the timer keeps its schedule.
        this.options.log(`timer ${timer.fn.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    try {
      await timer.running;
    } finally {
      timer.running = undefined;
    }
  }

  #arm(): void {
    if (!this.options.automatic || !this.#started) return;
    clearTimeout(this.#wake);
    const soonest = Math.min(...this.#timers.map((t) => t.next.getTime()));
    if (!Number.isFinite(soonest)) return;
    const delay = Math.min(Math.max(0, soonest - this.options.clock.now().getTime()), maxTimeoutMs);
    this.#wake = setTimeout(() => {
      void this.fireDue().finally(() => this.#arm());
    }, delay);
    this.#wake.unref();
  }

  #schedule(fn: RegisteredFunction): string {
    const raw = fn.trigger.schedule;
    if (typeof raw !== 'string') throw new Error(`Timer "${fn.name}" has no schedule.`);
    const setting = /^%([^%]+)%$/.exec(raw)?.[1];
    if (!setting) return raw;
    const value = (this.options.env ?? process.env)[setting];
    if (!value) throw new Error(`Timer "${fn.name}" takes its schedule from ${setting}, which is not set.`);
    return value;
  }
}
