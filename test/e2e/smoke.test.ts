import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

describe('local host smoke', () => {
  let host: RunningLocalHost;
  beforeAll(async () => {
    host = await startLocalHost();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('answers health without a key', async () => {
    const res = await host.api('/health', { key: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('accepts the contract client example', async () => {
    const res = await host.api('/clients/acme', { method: 'PUT', json: contractClient() });
    expect(res.status).toBe(201);
  });
});
