import { describe, expect, it } from 'vitest';
import { AuthThrottle, clientAddress } from '../../src/app/auth-throttle';

describe('AuthThrottle', () => {
  it('allows a small burst of failures, then asks the address to wait, then lets it try again', () => {
    let now = 0;
    const throttle = new AuthThrottle({ budget: 3, refillEveryMs: 10_000, maxAddresses: 100 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('203.0.113.9')).toBeUndefined();
      throttle.recordFailure('203.0.113.9');
    }
    expect(throttle.retryAfterSeconds('203.0.113.9')).toBe(10);
    // Other addresses are not affected.
    expect(throttle.retryAfterSeconds('198.51.100.7')).toBeUndefined();
    now = 4_000;
    expect(throttle.retryAfterSeconds('203.0.113.9')).toBe(6);
    now = 10_000;
    expect(throttle.retryAfterSeconds('203.0.113.9')).toBeUndefined();
    throttle.recordFailure('203.0.113.9');
    expect(throttle.retryAfterSeconds('203.0.113.9')).toBe(10);
  });

  it('keeps memory bounded under a spray of addresses', () => {
    const throttle = new AuthThrottle({ budget: 2, refillEveryMs: 1_000, maxAddresses: 50 }, () => 0);
    for (let i = 0; i < 1_000; i++) throttle.recordFailure(`10.0.${Math.floor(i / 250)}.${i % 250}`);
    expect(throttle.size).toBeLessThanOrEqual(50);
    throttle.recordFailure('x');
    throttle.recordFailure('x');
    expect(throttle.retryAfterSeconds('x')).toBeDefined();
  });
});

describe('clientAddress', () => {
  it('takes the last X-Forwarded-For entry (the one the front end added), without its port', () => {
    expect(clientAddress('1.2.3.4')).toBe('1.2.3.4');
    expect(clientAddress('6.6.6.6, 1.2.3.4:5678')).toBe('1.2.3.4');
    expect(clientAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(clientAddress('::1')).toBe('::1');
    expect(clientAddress(undefined)).toBe('unknown');
  });
});
