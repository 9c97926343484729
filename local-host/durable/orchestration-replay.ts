import { randomUUID } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import type { RegisteredFunction } from '../functions-core-shim';
import type { HistoryEvent } from './history-events';
import type { OrchestratorStateLike } from './orchestrator-actions';

/**
 * Replay schema V1: actions come back as one flat list per `yield`, and timers are never split into
 * "long timer" chains (that split exists for Azure Storage queue visibility limits, which do not apply
 * here). Everything the orchestrator can observe is the same as under later schemas.
 */
const replaySchemaV1 = 0;

/** Marker durable-functions puts between the message and the JSON state of `OrchestrationFailureError`. */
const outOfProcDataLabel = '\n\n$OutOfProcData$:';

export type ReplayResult =
  | { readonly kind: 'state'; readonly state: OrchestratorStateLike }
  | { readonly kind: 'failed'; readonly message: string; readonly stack?: string };

export interface ReplayRequest {
  readonly fn: RegisteredFunction;
  readonly instanceId: string;
  readonly input: unknown;
  /** Everything already committed for this execution. */
  readonly past: readonly HistoryEvent[];
  /** This step's events, starting with `OrchestratorStarted`. */
  readonly fresh: readonly HistoryEvent[];
  readonly log: (message: string) => void;
}

/**
 * Runs the registered orchestrator handler — the one durable-functions built with its own
 * `Orchestrator`/`TaskOrchestrationExecutor` — on the trigger payload the Durable extension would send.
 */
export async function replayOrchestrator(request: ReplayRequest): Promise<ReplayResult> {
  const history = [
    ...request.past.map((event) => ({ ...event, IsPlayed: true })),
    ...request.fresh.map((event) => ({ ...event, IsPlayed: false })),
  ];
  const trigger = {
    history,
    input: request.input,
    instanceId: request.instanceId,
    isReplaying: request.past.length > 0,
    parentInstanceId: null,
    upperSchemaVersion: replaySchemaV1,
  };
  const context = new InvocationContext({
    functionName: request.fn.name,
    invocationId: randomUUID(),
    logHandler: (level, ...args) => request.log(`[${request.fn.name} ${level}] ${args.map(String).join(' ')}`),
    options: { trigger: { ...request.fn.trigger, name: request.fn.triggerName, type: request.fn.trigger.type } },
  });
  try {
    const state = (await request.fn.handler(trigger, context)) as OrchestratorStateLike;
    return { kind: 'state', state };
  } catch (error) {
    return {
      kind: 'failed',
      message: failureMessage(error),
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    };
  }
}

/**
 * durable-functions reports a throwing orchestrator as `OrchestrationFailureError`, whose message is
 * "<something>\n\n$OutOfProcData$:<state JSON>" — the user's error message is the state's `error`.
 */
function failureMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const at = raw.indexOf(outOfProcDataLabel);
  if (at < 0) return raw;
  try {
    const state = JSON.parse(raw.slice(at + outOfProcDataLabel.length)) as { error?: unknown };
    if (typeof state.error === 'string' && state.error.length > 0) return state.error;
  } catch {
    // Not the JSON we expect: fall back to the text before the marker.
  }
  return raw.slice(0, at);
}
