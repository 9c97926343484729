/**
 * The actions an orchestrator replay returns (`OrchestratorState.actions`), in the shape
 * durable-functions builds them (`lib/src/actions`). Numbers are the protocol's `ActionType` enum.
 */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

export interface RetryOptionsLike {
  readonly firstRetryIntervalInMilliseconds: number;
  readonly maxNumberOfAttempts: number;
  readonly backoffCoefficient?: number;
  readonly maxRetryIntervalInMilliseconds?: number;
}

export interface OrchestratorAction {
  readonly actionType: number;
  readonly functionName?: string;
  /** As durable-functions' `Utils.processInput` leaves it: strings arrive already JSON-encoded. */
  readonly input?: unknown;
  readonly fireAt?: Date | string;
  readonly isCanceled?: boolean;
  readonly externalEventName?: string;
  readonly retryOptions?: RetryOptionsLike;
  readonly compoundActions?: readonly OrchestratorAction[];
}

/** What one replay returns (`OrchestratorState`). */
export interface OrchestratorStateLike {
  readonly isDone: boolean;
  readonly actions: readonly (readonly OrchestratorAction[])[];
  readonly output?: unknown;
  readonly error?: string;
  readonly customStatus?: unknown;
}

/** Actions that take a task sequence number in durable-functions' `TaskOrchestrationExecutor` (ids `false` → next number). */
const idConsuming = new Set<number>([
  ActionType.CallActivity,
  ActionType.CallActivityWithRetry,
  ActionType.CallSubOrchestrator,
  ActionType.CallSubOrchestratorWithRetry,
  ActionType.CreateTimer,
  ActionType.CallEntity,
  ActionType.CallHttp,
  ActionType.SignalEntity,
  ActionType.LockEntities,
  ActionType.ReleaseEntities,
]);

/** Actions this engine can carry out. */
const supported = new Set<number>([
  ActionType.CallActivity,
  ActionType.CallActivityWithRetry,
  ActionType.CreateTimer,
  ActionType.WaitForExternalEvent,
  ActionType.ContinueAsNew,
]);

export const isIdConsuming = (action: OrchestratorAction): boolean => idConsuming.has(action.actionType);
export const isSupported = (action: OrchestratorAction): boolean => supported.has(action.actionType);

export function actionTypeName(type: number): string {
  return Object.entries(ActionType).find(([, value]) => value === type)?.[0] ?? `ActionType ${type}`;
}

/**
 * Every action of the execution in the order the orchestrator yielded it, compound actions
 * (`Task.all`/`Task.any`) opened up.
 *
 * A task yielded twice (say a timer raced in two successive `Task.any`) is one action object listed
 * twice; durable-functions gives it one sequence number, so duplicates are dropped by identity. The
 * replay runs in this process, so identity is exactly what the executor used.
 */
export function flattenActions(actions: readonly (readonly OrchestratorAction[])[]): OrchestratorAction[] {
  const seen = new Set<OrchestratorAction>();
  const out: OrchestratorAction[] = [];
  const visit = (action: OrchestratorAction): void => {
    if (action.compoundActions) {
      action.compoundActions.forEach(visit);
      return;
    }
    if (seen.has(action)) return;
    seen.add(action);
    out.push(action);
  };
  actions.forEach((group) => group.forEach(visit));
  return out;
}

/** The JSON text of an action's input: durable-functions pre-encodes strings and leaves other values as they are. */
export function actionInputJson(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'string') return input;
  return JSON.stringify(input);
}

export function fireAtOf(action: OrchestratorAction): Date {
  const at = action.fireAt instanceof Date ? action.fireAt : new Date(String(action.fireAt));
  if (Number.isNaN(at.getTime())) throw new Error(`CreateTimer action has an invalid fireAt: ${String(action.fireAt)}`);
  return at;
}
