import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFunctionsCoreShim } from '../../../local-host/functions-core-shim';
import type { LocalDurableEngine } from '../../../local-host/durable/local-durable-engine';
import { VirtualClock } from '../../../local-host/virtual-clock';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { clientContext, createEngine, startHttpServer } from './durable-test-host';

const registry = installFunctionsCoreShim();

df.app.activity('Greet', { handler: (name: string) => `hello ${name}` });

df.app.orchestration('Approval', function* (context: OrchestrationContext) {
  const input = context.df.getInput<{ ticket: string }>();
  context.df.setCustomStatus({ waitingFor: 'approve' });
  const decision = (yield context.df.waitForExternalEvent('approve')) as { by: string };
  const greeting: unknown = yield context.df.callActivity('Greet', decision.by);
  return { ticket: input.ticket, approvedBy: decision.by, greeting };
});

df.app.orchestration('WaitsForever', function* (context: OrchestrationContext) {
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 24 * 3_600_000));
  return 'never';
});

let azurite: RunningAzurite;
let engine: LocalDurableEngine;
let server: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  azurite = await startAzurite();
  server = await startHttpServer(() => [(req, res, body) => engine.handleHttp(req, res, body)]);
  engine = createEngine(registry, azurite.connectionString, new VirtualClock(new Date('2030-05-01T10:00:00Z')), {
    baseUrl: server.baseUrl,
  }).engine;
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await server?.close();
  await azurite?.stop();
});

describe('durable client (df.getClient) against the local engine over HTTP', () => {
  it('builds a client from the durableClient binding value', () => {
    const client = df.getClient(clientContext(engine));
    expect(client.taskHubName).toMatch(/^hub/);
  });

  it('starts an instance with an explicit id, raises an event and reads its status', async () => {
    const client = df.getClient(clientContext(engine));
    const id = await client.startNew('Approval', { instanceId: 'TKT-1', input: { ticket: 'TKT-1' } });
    expect(id).toBe('TKT-1');
    await engine.settled();

    let status = await client.getStatus('TKT-1');
    expect(status.name).toBe('Approval');
    expect(status.runtimeStatus).toBe(df.OrchestrationRuntimeStatus.Running);
    expect(status.input).toEqual({ ticket: 'TKT-1' });
    expect(status.customStatus).toEqual({ waitingFor: 'approve' });
    expect(status.createdTime.toISOString()).toBe('2030-05-01T10:00:00.000Z');

    await client.raiseEvent('TKT-1', 'approve', { by: 'ana' });
    await engine.settled();
    status = await client.getStatus('TKT-1', { showHistory: true });
    expect(status.runtimeStatus).toBe(df.OrchestrationRuntimeStatus.Completed);
    expect(status.output).toEqual({ ticket: 'TKT-1', approvedBy: 'ana', greeting: 'hello ana' });
    expect(Array.isArray(status.history)).toBe(true);
  });

  it('refuses to start a second instance under the id of a running one', async () => {
    const client = df.getClient(clientContext(engine));
    await client.startNew('WaitsForever', { instanceId: 'single-1' });
    await expect(client.startNew('WaitsForever', { instanceId: 'single-1' })).rejects.toThrow(/409/);
  });

  it('terminates a running instance and cancels its timer', async () => {
    const client = df.getClient(clientContext(engine));
    await client.startNew('WaitsForever', { instanceId: 'term-1' });
    await engine.settled();
    await client.terminate('term-1', 'no longer needed');
    await engine.settled();
    const status = await client.getStatus('term-1');
    expect(status.runtimeStatus).toBe(df.OrchestrationRuntimeStatus.Terminated);
    expect(status.output).toBe('no longer needed');
    // Terminating a finished instance is accepted and changes nothing (the extension answers 410).
    await client.terminate('term-1', 'again');
  });

  it('restarts a finished instance id, lists instances by status, and purges finished ones', async () => {
    const client = df.getClient(clientContext(engine));
    await client.startNew('WaitsForever', { instanceId: 'term-1' });
    await engine.settled();
    expect((await client.getStatus('term-1')).runtimeStatus).toBe(df.OrchestrationRuntimeStatus.Running);
    await client.terminate('term-1', 'done');
    await engine.settled();

    const running = await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Running] });
    expect(running.map((s) => s.instanceId)).toEqual(['single-1']);

    const purged = await client.purgeInstanceHistory('term-1');
    expect(purged.instancesDeleted).toBe(1);
    await expect(client.getStatus('term-1')).rejects.toThrow(/404/);
    expect((await client.purgeInstanceHistory('term-1')).instancesDeleted).toBe(0);
  });

  it('reports unknown instances and unknown orchestrators as errors', async () => {
    const client = df.getClient(clientContext(engine));
    await expect(client.raiseEvent('nope', 'approve', {})).rejects.toThrow(/No instance with ID 'nope'/);
    await expect(client.terminate('nope', 'x')).rejects.toThrow(/No instance with ID 'nope'/);
    await expect(client.startNew('Greet')).rejects.toThrow(/400/);
  });

  it('keeps inputs larger than one Table property (chunked), and refuses oversized payloads with 413', async () => {
    const client = df.getClient(clientContext(engine));
    const big = { ticket: 'TKT-BIG', notes: 'x'.repeat(100_000) };
    await client.startNew('Approval', { instanceId: 'TKT-BIG', input: big });
    await engine.settled();
    expect((await client.getStatus('TKT-BIG')).input).toEqual(big);
    const res = await fetch(`${server.baseUrl}/runtime/webhooks/durabletask/instances/TKT-BIG/raiseEvent/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'y'.repeat(200_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('hands out management URLs on this host', () => {
    const client = df.getClient(clientContext(engine));
    const payload = client.createHttpManagementPayload('TKT-1');
    expect(payload.id).toBe('TKT-1');
    expect(payload.statusQueryGetUri).toContain('/runtime/webhooks/durabletask/instances/TKT-1');
  });
});
