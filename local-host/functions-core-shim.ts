import Module from 'node:module';
import { processMeter } from '../src/adapters/metering/counting-meter';
import { InvocationMeter } from '../src/adapters/metering/invocation-meter';

/**
 * A binding as `@azure/functions` describes it to the host (`toCoreFunctionMetadata`):
 * the trigger's own options plus `type` and `direction`.
 */
export interface BindingInfo {
  readonly type: string;
  readonly direction: 'in' | 'out' | 'inout';
  readonly [option: string]: unknown;
}

export interface RegisteredFunction {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingInfo>>;
  readonly triggerName: string;
  readonly trigger: BindingInfo;
  /** The user's handler exactly as registered: `(triggerInput, context) => result`. */
  readonly handler: (...args: unknown[]) => unknown;
}

/** Every function the app registered through `@azure/functions`, by name. */
export class FunctionRegistry {
  readonly #functions = new Map<string, RegisteredFunction>();

  add(fn: RegisteredFunction): void {
    if (this.#functions.has(fn.name)) throw new Error(`Function "${fn.name}" is registered twice.`);
    this.#functions.set(fn.name, fn);
  }

  get(name: string): RegisteredFunction | undefined {
    return this.#functions.get(name);
  }

  all(): RegisteredFunction[] {
    return [...this.#functions.values()];
  }

  byTriggerType(type: string): RegisteredFunction[] {
    return this.all().filter((fn) => fn.trigger.type === type);
  }
}

interface CoreMetadata {
  name: string;
  bindings: Record<string, BindingInfo>;
}

const coreModuleId = '@azure/functions-core';
let installed: FunctionRegistry | undefined;

/**
 * Stands in for the module that the Azure Functions Node.js worker injects.
 *
 * `@azure/functions` hands every `app.http(...)`, `app.serviceBusTopic(...)`, `df.app.orchestration(...)`
 * registration to `require('@azure/functions-core').registerFunction`. In Azure the worker answers that
 * require; on the local host this shim does, so both hosts see the very same registrations and nothing
 * keeps a second list of routes.
 */
export function installFunctionsCoreShim(): FunctionRegistry {
  if (installed) return installed;
  const registry = new FunctionRegistry();
  // Every invocation, whatever calls it (gateway, topic pump, timers, the Durable engine), goes through
  // the registered handler, so counting here counts each execution once, as Azure bills them.
  const invocations = new InvocationMeter(processMeter);
  const core = {
    version: 'local-host',
    registerFunction(metadata: CoreMetadata, callback: (...args: unknown[]) => unknown) {
      const entry = Object.entries(metadata.bindings).find(
        ([, b]) => b.direction === 'in' && b.type.endsWith('Trigger'),
      );
      if (!entry) throw new Error(`Function "${metadata.name}" has no trigger binding.`);
      const [triggerName, trigger] = entry;
      const handler = invocations.wrap(trigger.type, callback, metadata.name);
      registry.add({ name: metadata.name, bindings: metadata.bindings, triggerName, trigger, handler });
      return { dispose: () => undefined };
    },
    setProgrammingModel: () => undefined,
    getProgrammingModel: () => undefined,
    registerHook: () => ({ dispose: () => undefined }),
    log: (level: string, category: string, message: string) => {
      if (level === 'error' || level === 'critical') console.error(`[${category}] ${message}`);
    },
    Disposable: class {
      constructor(readonly dispose: () => void) {}
    },
  };
  type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
  const moduleInternals = Module as unknown as { _load: Loader };
  const originalLoad = moduleInternals._load;
  moduleInternals._load = function load(request, parent, isMain) {
    if (request === coreModuleId) return core;
    return originalLoad.call(this, request, parent, isMain);
  };
  installed = registry;
  return registry;
}
