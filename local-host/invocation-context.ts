import { randomUUID } from 'node:crypto';
import { InvocationContext, type FunctionInput, type InvocationContextInit } from '@azure/functions';
import type { RegisteredFunction } from './functions-core-shim';

/** Values for a function's non-trigger input bindings, by binding type (e.g. `durableClient`). */
export type InputBindingValue = (type: string) => unknown;

export interface InvocationContextExtras {
  /** What the trigger tells besides its payload (Service Bus: message id, delivery count, properties…). */
  readonly triggerMetadata?: InvocationContextInit['triggerMetadata'];
  /** Which log levels reach the host's log (default: all). */
  readonly levels?: ReadonlySet<string>;
}

/**
 * The `InvocationContext` the Functions host would build for `fn`: its trigger and input bindings in
 * `options` (where `df.getClient` looks the Durable client binding up) and their values in `extraInputs`.
 */
export function createInvocationContext(
  fn: RegisteredFunction,
  inputValue: InputBindingValue,
  log: (line: string) => void,
  extras: InvocationContextExtras = {},
): InvocationContext {
  const extraInputs: FunctionInput[] = [];
  for (const [bindingName, binding] of Object.entries(fn.bindings)) {
    if (binding.direction === 'in' && bindingName !== fn.triggerName)
      extraInputs.push({ ...binding, name: bindingName });
  }
  const context = new InvocationContext({
    functionName: fn.name,
    invocationId: randomUUID(),
    logHandler: (level, ...args) => {
      if (!extras.levels || extras.levels.has(level)) log(`[${fn.name} ${level}] ${args.map(String).join(' ')}`);
    },
    options: { trigger: { ...fn.trigger, name: fn.triggerName, type: fn.trigger.type }, extraInputs },
    ...(extras.triggerMetadata ? { triggerMetadata: extras.triggerMetadata } : {}),
  });
  for (const input of extraInputs) {
    const value = inputValue(input.type);
    if (value !== undefined) context.extraInputs.set(input.name, value);
  }
  return context;
}
