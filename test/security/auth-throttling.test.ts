/**
 * A key-guessing burst against the local host: after a small budget of failures the address is
 * answered 429 with Retry-After, bearer keys and PagerDuty routing keys alike. The host runs with a
 * budget of 3 (one more every 20 s), so the window in which the address must wait is long enough to
 * observe on a busy machine; Azure uses 10 (one more every 6 s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

let host: RunningLocalHost;

beforeAll(async () => {
  host = await startLocalHost({ env: { SUPPORTDESK_AUTH_FAILURE_BUDGET: '3' } });
  const put = await host.api('/clients/keys', {
    method: 'PUT',
    json: { ...contractClient(), ticketPrefix: 'KEYS', notifications: { webhooks: [] } },
  });
  expect(put.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await host?.stop();
});

const guess = (i: number) => `sdk_${'0'.repeat(12)}_${String(i).padStart(43, 'A')}`;

describe('failed authentications', () => {
  it('are answered 429 with Retry-After after a small budget, while good requests are not slowed', async () => {
    const statuses: number[] = [];
    // Successful traffic before and between the failures is neither refused nor counted.
    for (let i = 0; i < 5; i++) statuses.push((await host.api('/tickets?clientId=keys')).status);
    statuses.push((await host.api('/tickets?clientId=keys', { key: guess(1) })).status);
    statuses.push((await host.api('/tickets?clientId=keys')).status);
    // Guesses through PagerDuty's routing_key count as well as bearer keys.
    const pagerduty = (i: number) =>
      host.api('/alerts/pagerduty', {
        method: 'POST',
        key: null,
        json: {
          routing_key: guess(i),
          event_action: 'trigger',
          payload: { summary: 's', source: 'x', severity: 'critical' },
        },
      });
    statuses.push((await pagerduty(2)).status);
    statuses.push((await host.api('/tickets?clientId=keys', { key: guess(3) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 401, 200, 401, 401]);

    const throttled = await host.api('/tickets?clientId=keys', { key: guess(4) });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await pagerduty(5)).status).toBe(429);
    // While the address waits, even a right key is answered 429: otherwise 200-or-429 would tell a guesser which key is right.
    expect((await host.api('/tickets?clientId=keys')).status).toBe(429);
    // Anonymous routes are not affected.
    expect((await host.api('/health', { key: null })).status).toBe(200);
  });
});
