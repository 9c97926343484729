/**
 * Orchestration history events in the wire shape the Durable extension sends to the JavaScript worker
 * (`HistoryEvent` in durable-functions' `lib/src/history`). The numbers are the Durable Task Framework's
 * `EventType` enum; they are part of the out-of-process protocol, so they are spelled out here rather
 * than deep-imported from the package's internals.
 */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventRaised: 15,
} as const;

/** The failure details the extension attaches to `TaskFailed` (read by durable-functions' `TaskFailedError`). */
export interface FailureDetailsPayload {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
  IsNonRetriable?: boolean;
  Properties?: Record<string, unknown>;
}

export interface HistoryEvent {
  EventType: number;
  /** The task sequence number for `TaskScheduled`/`TimerCreated`; -1 for every other event. */
  EventId: number;
  IsPlayed: boolean;
  /** ISO instant; durable-functions turns every `Timestamp` into a `Date` itself. */
  Timestamp: string;
  Name?: string;
  /** JSON text. */
  Input?: string;
  /** JSON text. */
  Result?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  Reason?: string;
  Details?: string;
  FailureDetails?: FailureDetailsPayload;
  OrchestrationStatus?: string;
  /**
   * Engine bookkeeping (ignored by durable-functions): which id-consuming orchestrator action this
   * `TaskScheduled`/`TimerCreated` answers, so the engine can rebuild its task table from history alone.
   */
  LocalActionIndex?: number;
  /** Engine bookkeeping: the retrying action (by index) a retry timer or a re-scheduled attempt belongs to. */
  LocalRetryOf?: number;
}

const base = (type: number, at: Date, eventId = -1): HistoryEvent => ({
  EventType: type,
  EventId: eventId,
  IsPlayed: false,
  Timestamp: at.toISOString(),
});

export const orchestratorStarted = (at: Date): HistoryEvent => base(EventType.OrchestratorStarted, at);
export const orchestratorCompleted = (at: Date): HistoryEvent => base(EventType.OrchestratorCompleted, at);

export const executionStarted = (at: Date, name: string, inputJson: string | undefined): HistoryEvent => ({
  ...base(EventType.ExecutionStarted, at),
  Name: name,
  ...(inputJson === undefined ? {} : { Input: inputJson }),
});

export const executionCompleted = (
  at: Date,
  status: 'Completed' | 'Failed',
  resultJson: string | undefined,
): HistoryEvent => ({
  ...base(EventType.ExecutionCompleted, at),
  OrchestrationStatus: status,
  ...(resultJson === undefined ? {} : { Result: resultJson }),
});

export const executionTerminated = (at: Date, reason: string): HistoryEvent => ({
  ...base(EventType.ExecutionTerminated, at),
  Input: JSON.stringify(reason),
});

export const taskScheduled = (
  at: Date,
  eventId: number,
  name: string,
  inputJson: string | undefined,
): HistoryEvent => ({
  ...base(EventType.TaskScheduled, at, eventId),
  Name: name,
  ...(inputJson === undefined ? {} : { Input: inputJson }),
});

export const taskCompleted = (at: Date, taskScheduledId: number, resultJson: string): HistoryEvent => ({
  ...base(EventType.TaskCompleted, at),
  TaskScheduledId: taskScheduledId,
  Result: resultJson,
});

export const taskFailed = (
  at: Date,
  taskScheduledId: number,
  failure: FailureDetailsPayload,
  reason: string,
): HistoryEvent => ({
  ...base(EventType.TaskFailed, at),
  TaskScheduledId: taskScheduledId,
  Reason: reason,
  Details: failure.StackTrace ?? failure.ErrorMessage,
  FailureDetails: failure,
});

export const timerCreated = (at: Date, eventId: number, fireAt: Date): HistoryEvent => ({
  ...base(EventType.TimerCreated, at, eventId),
  FireAt: fireAt.toISOString(),
});

export const timerFired = (at: Date, timerId: number, fireAt: string): HistoryEvent => ({
  ...base(EventType.TimerFired, at),
  TimerId: timerId,
  FireAt: fireAt,
});

export const eventRaised = (at: Date, name: string, inputJson: string | undefined): HistoryEvent => ({
  ...base(EventType.EventRaised, at),
  Name: name,
  ...(inputJson === undefined ? {} : { Input: inputJson }),
});
