import type { Clock } from '../../src/ports/clock';
import type { Meter } from '../../src/ports/meter';
import type { FunctionRegistry } from '../functions-core-shim';
import type { InstanceCache } from './instance-cache';
import type { InstanceStore } from './instance-store';
import type { ScheduledActivity } from './step-planner';
import type { TimerIndex } from './timer-index';
import type { WorkTracker } from './work-tracker';

/** What the engine's parts share: storage, the registrations, time, and the ways to start more work. */
export interface EngineContext {
  readonly store: InstanceStore;
  readonly registry: FunctionRegistry;
  readonly clock: Clock;
  readonly log: (message: string) => void;
  /** Counts each committed episode's history events (`durable-metering.ts`). */
  readonly meter: Meter;
  readonly cache: InstanceCache;
  readonly timers: TimerIndex;
  readonly work: WorkTracker;
  /** Runs episodes for the instance until its inbox is empty. */
  pump(instanceId: string): void;
  runActivity(instanceId: string, executionId: string, activity: ScheduledActivity): void;
  /** Timers were added: fire those already due, re-arm the wake-up for the others. */
  timersAdded(): void;
  /** Deletes rows of the instance (an ended execution's history) in the background. */
  dropHistory(instanceId: string, rowKeys: readonly string[]): void;
}
