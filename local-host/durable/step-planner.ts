import { assertPayloadSize, maxCustomStatusChars, maxStepHistoryChars, PayloadTooLargeError } from './payload-limits';
import type { ExecutionLedger, OpenTask } from './execution-ledger';
import { EventType, taskScheduled, timerCreated, type HistoryEvent } from './history-events';
import type { PendingTimer } from './instance-store';
import {
  ActionType,
  actionInputJson,
  actionTypeName,
  fireAtOf,
  flattenActions,
  isIdConsuming,
  isSupported,
  type OrchestratorAction,
  type RetryOptionsLike,
} from './orchestrator-actions';
import type { ReplayResult } from './orchestration-replay';

export interface ScheduledActivity {
  readonly eventId: number;
  readonly name: string;
  readonly inputJson: string | undefined;
}

export type StepOutcome =
  | { readonly kind: 'running'; readonly customStatusJson: string | undefined }
  | {
      readonly kind: 'completed';
      readonly outputJson: string | undefined;
      readonly customStatusJson: string | undefined;
    }
  | { readonly kind: 'failed'; readonly message: string; readonly customStatusJson: string | undefined }
  | {
      readonly kind: 'continueAsNew';
      readonly inputJson: string | undefined;
      readonly customStatusJson: string | undefined;
    };

export interface StepPlan {
  /** `TaskScheduled`/`TimerCreated` decisions, appended after the step's own events. */
  readonly decisions: HistoryEvent[];
  readonly timersAdded: PendingTimer[];
  readonly timersCanceled: number[];
  readonly activities: ScheduledActivity[];
  readonly outcome: StepOutcome;
}

export interface PlanInput {
  readonly orchestratorName: string;
  /** The ledger with this step's event already folded in (its next id is where new tasks start). */
  readonly ledger: ExecutionLedger;
  /** The step's event and the task it closed, if any. */
  readonly event: HistoryEvent | undefined;
  readonly closed: OpenTask | undefined;
  readonly replay: ReplayResult;
  readonly now: Date;
}

class PlanFailure extends Error {}

/**
 * Turns one replay's result into what the Durable extension would do with it: give every new
 * id-consuming action the next sequence number (the same numbers durable-functions' executor gave its
 * tasks), schedule activities and timers, drop cancelled timers, and decide how the execution ends.
 */
export function planStep(input: PlanInput): StepPlan {
  const plan: PlanParts = { decisions: [], timersAdded: [], timersCanceled: [], activities: [] };
  const { replay } = input;
  if (replay.kind === 'failed') {
    return {
      ...plan,
      outcome: {
        kind: 'failed',
        message: `Orchestrator function '${input.orchestratorName}' failed: ${replay.message}`,
        customStatusJson: undefined,
      },
    };
  }
  const state = replay.state;
  let customStatusJson: string | undefined;
  try {
    customStatusJson = state.customStatus === undefined ? undefined : JSON.stringify(state.customStatus);
    assertPayloadSize('The custom status', customStatusJson, maxCustomStatusChars);
    const actions = flattenActions(state.actions ?? []);
    const unsupported = actions.find((a) => !isSupported(a));
    if (unsupported)
      throw new PlanFailure(
        `${actionTypeName(unsupported.actionType)} is not supported by the local durable engine (see docs/local-durable-engine.md).`,
      );
    const idActions = actions.filter(isIdConsuming);
    planRetries(input, idActions, plan);
    checkReplayMatchesHistory(input.ledger, idActions, plan.timersCanceled);
    planNewActions(input, idActions, plan);
    assertPayloadSize('What this step schedules', JSON.stringify(plan.decisions), maxStepHistoryChars);
    if (!state.isDone) return { ...plan, outcome: { kind: 'running', customStatusJson } };
    const continueAsNew = actions.find((a) => a.actionType === ActionType.ContinueAsNew);
    // A finished execution schedules nothing more; its pending timers and running activities are dropped.
    const finished = { decisions: [], timersAdded: [], timersCanceled: [], activities: [] };
    if (continueAsNew) {
      const inputJson = actionInputJson(continueAsNew.input);
      assertPayloadSize('The continue-as-new input', inputJson);
      return { ...finished, outcome: { kind: 'continueAsNew', inputJson, customStatusJson } };
    }
    const outputJson = state.output === undefined ? undefined : JSON.stringify(state.output);
    assertPayloadSize('The orchestrator output', outputJson);
    return { ...finished, outcome: { kind: 'completed', outputJson, customStatusJson } };
  } catch (error) {
    if (!(error instanceof PlanFailure || error instanceof PayloadTooLargeError)) throw error;
    const message = `Orchestrator function '${input.orchestratorName}' failed: ${error.message}`;
    return {
      decisions: [],
      timersAdded: [],
      timersCanceled: [],
      activities: [],
      outcome: { kind: 'failed', message, customStatusJson },
    };
  }
}

/**
 * A failed attempt of `callActivityWithRetry` is followed by a retry timer, and that timer by the next
 * attempt while attempts remain — as DTFx's RetryInterceptor does (a timer follows even the last
 * failure; durable-functions' `RetryableTask` waits for it before failing). The executor numbers these
 * while processing the event, before user code resumes, so they come before any new action.
 */
function planRetries(input: PlanInput, idActions: readonly OrchestratorAction[], plan: PlanParts): void {
  const { closed, event, ledger, now } = input;
  if (!closed || closed.retryOf === undefined || !event) return;
  const action = idActions[closed.retryOf];
  const options = action?.retryOptions;
  if (!action || action.actionType !== ActionType.CallActivityWithRetry || !options) {
    throw new PlanFailure(
      `Non-deterministic orchestration: task ${closed.eventId} belonged to a retrying activity that the replay no longer calls.`,
    );
  }
  const failures = ledger.failures.get(closed.retryOf) ?? 0;
  if (closed.kind === 'activity' && event.EventType === EventType.TaskFailed) {
    const fireAt = new Date(now.getTime() + retryDelayMs(options, failures));
    const id = ledger.nextEventId++;
    plan.decisions.push({ ...timerCreated(now, id, fireAt), LocalRetryOf: closed.retryOf });
    plan.timersAdded.push({ timerId: id, fireAt: fireAt.toISOString() });
  } else if (closed.kind === 'timer' && failures < options.maxNumberOfAttempts) {
    const id = ledger.nextEventId++;
    const inputJson = actionInputJson(action.input);
    plan.decisions.push({
      ...taskScheduled(now, id, action.functionName ?? '', inputJson),
      LocalRetryOf: closed.retryOf,
    });
    plan.activities.push({ eventId: id, name: action.functionName ?? '', inputJson });
  }
}

export function retryDelayMs(options: RetryOptionsLike, failures: number): number {
  const coefficient = options.backoffCoefficient ?? 1;
  const delay = options.firstRetryIntervalInMilliseconds * Math.pow(coefficient, Math.max(0, failures - 1));
  const cap = options.maxRetryIntervalInMilliseconds;
  return cap !== undefined && cap > 0 ? Math.min(delay, cap) : delay;
}

/** Replaying the same history must ask for the same tasks in the same order (Durable's determinism rule). */
function checkReplayMatchesHistory(
  ledger: ExecutionLedger,
  idActions: readonly OrchestratorAction[],
  canceled: number[],
): void {
  ledger.actions.forEach((recorded, index) => {
    const action = idActions[index];
    const kind = action?.actionType === ActionType.CreateTimer ? 'timer' : action ? 'activity' : undefined;
    if (kind !== recorded.kind || (kind === 'activity' && action?.functionName !== recorded.name)) {
      const was = recorded.kind === 'timer' ? 'a timer' : `activity '${recorded.name ?? ''}'`;
      const now = action ? (kind === 'timer' ? 'a timer' : `activity '${action.functionName ?? ''}'`) : 'nothing';
      throw new PlanFailure(
        `Non-deterministic orchestration: task ${index} was ${was} in the history but the replay asks for ${now}.`,
      );
    }
    if (kind === 'timer' && action?.isCanceled && ledger.open.has(recorded.eventId)) canceled.push(recorded.eventId);
  });
}

function planNewActions(input: PlanInput, idActions: readonly OrchestratorAction[], plan: PlanParts): void {
  const { ledger, now } = input;
  for (let index = ledger.actions.length; index < idActions.length; index++) {
    const action = idActions[index]!;
    const id = ledger.nextEventId++;
    if (action.actionType === ActionType.CreateTimer) {
      const fireAt = fireAtOf(action);
      plan.decisions.push({ ...timerCreated(now, id, fireAt), LocalActionIndex: index });
      if (!action.isCanceled) plan.timersAdded.push({ timerId: id, fireAt: fireAt.toISOString() });
      continue;
    }
    const name = action.functionName ?? '';
    const inputJson = actionInputJson(action.input);
    assertPayloadSize(`The input of activity '${name}'`, inputJson);
    const retry = action.actionType === ActionType.CallActivityWithRetry ? { LocalRetryOf: index } : {};
    plan.decisions.push({ ...taskScheduled(now, id, name, inputJson), LocalActionIndex: index, ...retry });
    plan.activities.push({ eventId: id, name, inputJson });
  }
}

/** A plan before its outcome is known. */
type PlanParts = Omit<StepPlan, 'outcome'>;
