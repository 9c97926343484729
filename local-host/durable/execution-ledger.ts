import { EventType, type HistoryEvent } from './history-events';

export interface OpenActivity {
  readonly kind: 'activity';
  readonly eventId: number;
  readonly name: string;
  readonly inputJson: string | undefined;
  /** Index of the `CallActivityWithRetry` action this attempt belongs to. */
  readonly retryOf: number | undefined;
}

export interface OpenTimer {
  readonly kind: 'timer';
  readonly eventId: number;
  readonly fireAt: string;
  /** Set when this is the pause between two attempts of a retrying activity. */
  readonly retryOf: number | undefined;
}

export type OpenTask = OpenActivity | OpenTimer;

/** What an id-consuming action was recorded as, to notice a replay that no longer matches its history. */
export interface RecordedAction {
  readonly eventId: number;
  readonly kind: 'activity' | 'timer';
  readonly name?: string;
}

/**
 * The engine's view of one execution, derived from its history alone (no second copy of state to
 * drift): which sequence number comes next, which tasks are still open, what each action became and
 * how often each retrying activity has failed.
 */
export class ExecutionLedger {
  nextEventId = 0;
  readonly actions: RecordedAction[] = [];
  readonly open = new Map<number, OpenTask>();
  readonly failures = new Map<number, number>();

  static from(history: readonly HistoryEvent[]): ExecutionLedger {
    const ledger = new ExecutionLedger();
    for (const event of history) ledger.apply(event);
    return ledger;
  }

  /** Folds one event in; returns the task it closed, if any. */
  apply(event: HistoryEvent): OpenTask | undefined {
    switch (event.EventType) {
      case EventType.TaskScheduled: {
        this.#allocated(event.EventId);
        const task: OpenActivity = {
          kind: 'activity',
          eventId: event.EventId,
          name: event.Name ?? '',
          inputJson: event.Input,
          retryOf: event.LocalRetryOf,
        };
        this.open.set(event.EventId, task);
        if (event.LocalActionIndex !== undefined)
          this.actions[event.LocalActionIndex] = { eventId: event.EventId, kind: 'activity', name: task.name };
        return undefined;
      }
      case EventType.TimerCreated: {
        this.#allocated(event.EventId);
        this.open.set(event.EventId, {
          kind: 'timer',
          eventId: event.EventId,
          fireAt: event.FireAt ?? '',
          retryOf: event.LocalRetryOf,
        });
        if (event.LocalActionIndex !== undefined)
          this.actions[event.LocalActionIndex] = { eventId: event.EventId, kind: 'timer' };
        return undefined;
      }
      case EventType.TaskCompleted:
      case EventType.TaskFailed:
        return this.#close(event.TaskScheduledId, event.EventType === EventType.TaskFailed);
      case EventType.TimerFired:
        return this.#close(event.TimerId, false);
      default:
        return undefined;
    }
  }

  /** The task a completion event would close, or undefined when it closes nothing (stale or duplicate). */
  target(event: HistoryEvent): OpenTask | undefined {
    if (event.EventType === EventType.TaskCompleted || event.EventType === EventType.TaskFailed) {
      const task = event.TaskScheduledId === undefined ? undefined : this.open.get(event.TaskScheduledId);
      return task?.kind === 'activity' ? task : undefined;
    }
    if (event.EventType === EventType.TimerFired) {
      const task = event.TimerId === undefined ? undefined : this.open.get(event.TimerId);
      return task?.kind === 'timer' ? task : undefined;
    }
    return undefined;
  }

  openActivities(): OpenActivity[] {
    return [...this.open.values()].filter((t): t is OpenActivity => t.kind === 'activity');
  }

  #allocated(eventId: number): void {
    if (eventId >= this.nextEventId) this.nextEventId = eventId + 1;
  }

  #close(id: number | undefined, failed: boolean): OpenTask | undefined {
    if (id === undefined) return undefined;
    const task = this.open.get(id);
    if (!task) return undefined;
    this.open.delete(id);
    if (failed && task.kind === 'activity' && task.retryOf !== undefined) {
      this.failures.set(task.retryOf, (this.failures.get(task.retryOf) ?? 0) + 1);
    }
    return task;
  }
}
