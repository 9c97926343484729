import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, webhookSignatureHeaders, webhookSigningKey } from '../../src/messaging/standard-webhooks';

/** A receiver's check, written from the spec rather than from the signing code. */
function verify(secretWithPrefix: string, headers: Record<string, string>, body: string): boolean {
  const key = Buffer.from(secretWithPrefix.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`)
    .digest();
  return (headers['webhook-signature'] ?? '').split(' ').some((entry) => {
    const [version, signature = ''] = entry.split(',');
    const given = Buffer.from(signature, 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('Standard Webhooks signatures', () => {
  it('match the known vector of the reference libraries', () => {
    // standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function works".
    const signature = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('take the secret with or without the whsec_ prefix', () => {
    expect(webhookSigningKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toEqual(
      webhookSigningKey('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
    );
    expect(() => webhookSigningKey('whsec_')).toThrow();
  });

  it('give the three headers, timestamped in unix seconds, that a receiver verifies', () => {
    const secret = 'whsec_eydjMdng0uWHgiWATv9UuLkMZZJqalQ/';
    const body = JSON.stringify({ id: 'ACME-1.1', type: 'ticket.created', data: { title: 'Ünïcødé ✓' } });
    const headers = webhookSignatureHeaders(secret, 'ACME-1.1', new Date('2026-11-24T10:00:00.900Z'), body);
    expect(headers['webhook-id']).toBe('ACME-1.1');
    expect(headers['webhook-timestamp']).toBe(String(Date.parse('2026-11-24T10:00:00Z') / 1000));
    expect(verify(secret, { ...headers }, body)).toBe(true);
    expect(verify(secret, { ...headers }, `${body} `)).toBe(false);
    expect(verify('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', { ...headers }, body)).toBe(false);
  });
});
