import type { RegisteredFunction } from '../functions-core-shim';
import { createInvocationContext } from '../invocation-context';
import { assertPayloadSize } from './payload-limits';
import { taskCompleted, taskFailed, type FailureDetailsPayload, type HistoryEvent } from './history-events';

export interface ActivityCall {
  readonly fn: RegisteredFunction | undefined;
  readonly name: string;
  readonly inputJson: string | undefined;
  readonly taskId: number;
  readonly clock: () => Date;
  /** Values for the activity's non-trigger input bindings, by binding type (e.g. `durableClient`). */
  readonly inputBinding: (type: string) => unknown;
  readonly log: (message: string) => void;
}

/**
 * Runs an activity's registered handler (durable-functions' wrapper around the user's function) and
 * returns the completion event the orchestrator will see: `TaskCompleted` with the JSON result, or
 * `TaskFailed` with the failure details durable-functions turns into a `TaskFailedError`.
 */
export async function invokeActivity(call: ActivityCall): Promise<HistoryEvent> {
  const { fn, name } = call;
  if (!fn || fn.trigger.type !== 'activityTrigger') {
    const message = `The function '${name}' doesn't exist, is disabled, or is not an activity function.`;
    return taskFailed(call.clock(), call.taskId, { ErrorType: 'Error', ErrorMessage: message }, message);
  }
  const context = createInvocationContext(fn, call.inputBinding, call.log);
  try {
    const input = call.inputJson === undefined ? undefined : (JSON.parse(call.inputJson) as unknown);
    const result = await fn.handler(input, context);
    // `undefined` has no JSON form; the extension hands the orchestrator `null` for it.
    const resultJson = JSON.stringify(result) ?? 'null';
    assertPayloadSize(`The result of activity '${name}'`, resultJson);
    return taskCompleted(call.clock(), call.taskId, resultJson);
  } catch (error) {
    const failure = failureDetails(error);
    return taskFailed(
      call.clock(),
      call.taskId,
      failure,
      `Activity function '${name}' failed: ${failure.ErrorMessage}`,
    );
  }
}

/**
 * durable-functions may have serialised `{ errorType, errorMessage, properties }` into the message (when
 * an exception-properties provider is registered); otherwise the error's own name and message are used.
 */
function failureDetails(error: unknown): FailureDetailsPayload {
  const err = error instanceof Error ? error : new Error(String(error));
  try {
    const parsed = JSON.parse(err.message) as {
      errorType?: unknown;
      errorMessage?: unknown;
      properties?: unknown;
      stackTrace?: unknown;
    };
    if (typeof parsed.errorType === 'string' && typeof parsed.errorMessage === 'string') {
      return {
        ErrorType: parsed.errorType,
        ErrorMessage: parsed.errorMessage,
        ...(typeof parsed.stackTrace === 'string' ? { StackTrace: parsed.stackTrace } : {}),
        ...(parsed.properties && typeof parsed.properties === 'object'
          ? { Properties: parsed.properties as Record<string, unknown> }
          : {}),
      };
    }
  } catch {
    // A plain message, the usual case.
  }
  return { ErrorType: err.name || 'Error', ErrorMessage: err.message, ...(err.stack ? { StackTrace: err.stack } : {}) };
}
