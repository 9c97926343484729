import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvocationContext, type FunctionInput } from '@azure/functions';
import * as df from 'durable-functions';
import type { Clock } from '../../../src/ports/clock';
import type { FunctionRegistry } from '../../../local-host/functions-core-shim';
import { LocalDurableEngine } from '../../../local-host/durable/local-durable-engine';

export type HostRoute = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean>;

/** A loopback HTTP server answering with the given routes (the engine's webhooks, the dev clock), 404 otherwise. */
export async function startHttpServer(
  routes: () => readonly HostRoute[],
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          for (const route of routes()) if (await route(req, res, Buffer.concat(chunks))) return;
          res.writeHead(404).end();
        } catch (error) {
          res.writeHead(500).end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let hubCounter = 0;
/** A task hub name of its own per engine, so tests sharing one Azurite never see each other's instances. */
export const uniqueTaskHub = (prefix = 'hub'): string =>
  `${prefix}${Date.now().toString(36)}${(hubCounter++).toString(36)}`;

export function createEngine(
  registry: FunctionRegistry,
  connectionString: string,
  clock: Clock,
  options: { taskHub?: string; baseUrl?: string } = {},
) {
  const logs: string[] = [];
  const engine = new LocalDurableEngine({
    registry,
    storageConnectionString: connectionString,
    taskHub: options.taskHub ?? uniqueTaskHub(),
    clock,
    baseUrl: options.baseUrl ?? 'http://127.0.0.1:1',
    log: (line) => {
      logs.push(line);
      if (process.env.DURABLE_TEST_LOG) console.log(line);
    },
  });
  return { engine, logs };
}

/** An `InvocationContext` carrying a `durableClient` input, as the host builds it for a function that declares one. */
export function clientContext(engine: LocalDurableEngine): InvocationContext {
  const binding = df.input.durableClient() as FunctionInput;
  const context = new InvocationContext({ functionName: 'test-client', options: { extraInputs: [binding] } });
  context.extraInputs.set(binding, engine.durableClientInput());
  return context;
}

/** Reads an instance's status straight from the engine's HTTP API (no client binding needed). */
export async function statusOf(
  engine: LocalDurableEngine,
  instanceId: string,
): Promise<{ runtimeStatus: string; output: unknown; input: unknown; customStatus: unknown } | undefined> {
  const { res, done } = captureResponse();
  const req = {
    method: 'GET',
    url: `/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`,
  } as IncomingMessage;
  await engine.handleHttp(req, res, Buffer.alloc(0));
  const { status, body } = await done;
  return status === 404
    ? undefined
    : (JSON.parse(body) as { runtimeStatus: string; output: unknown; input: unknown; customStatus: unknown });
}

/** Starts an orchestration through the engine's HTTP API and waits until the work it caused has settled. */
export async function startOrchestration(
  engine: LocalDurableEngine,
  name: string,
  instanceId: string,
  input?: unknown,
): Promise<number> {
  const { res, done } = captureResponse();
  const req = {
    method: 'POST',
    url: `/runtime/webhooks/durabletask/orchestrators/${name}/${encodeURIComponent(instanceId)}`,
  } as IncomingMessage;
  await engine.handleHttp(req, res, Buffer.from(input === undefined ? '' : JSON.stringify(input)));
  const { status } = await done;
  await engine.settled();
  return status;
}

export async function raiseEvent(
  engine: LocalDurableEngine,
  instanceId: string,
  name: string,
  payload?: unknown,
): Promise<number> {
  const { res, done } = captureResponse();
  const req = {
    method: 'POST',
    url: `/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}/raiseEvent/${name}`,
  } as IncomingMessage;
  await engine.handleHttp(req, res, Buffer.from(payload === undefined ? '' : JSON.stringify(payload)));
  return (await done).status;
}

/** A stand-in `ServerResponse` that records what the handler wrote. */
function captureResponse(): { res: ServerResponse; done: Promise<{ status: number; body: string }> } {
  let resolve!: (value: { status: number; body: string }) => void;
  const done = new Promise<{ status: number; body: string }>((r) => (resolve = r));
  let status = 200;
  const res = {
    statusCode: 200,
    setHeader: () => undefined,
    writeHead(code: number) {
      status = code;
      return res;
    },
    end(chunk?: string | Buffer) {
      resolve({ status, body: chunk === undefined ? '' : chunk.toString() });
      return res;
    },
  } as unknown as ServerResponse;
  return { res, done };
}
