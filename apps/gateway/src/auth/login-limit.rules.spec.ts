import { addressLimitKey, emailLimitKey, retryAfterMs, retryAfterSeconds } from './login-limit.rules';

describe('login limit windows', () => {
  const policy = { maxFailures: 3, windowMs: 60_000 };
  const now = 1_000_000;

  it('allows attempts while fewer than maxFailures failures lie within the window', () => {
    expect(retryAfterMs([], policy, now)).toBeUndefined();
    expect(retryAfterMs([now - 10, now - 20], policy, now)).toBeUndefined();
  });

  it('refuses at maxFailures, until the oldest counting failure leaves the window', () => {
    expect(retryAfterMs([now - 30_000, now - 10_000, now - 5_000], policy, now)).toBe(30_000);
    // Order does not matter.
    expect(retryAfterMs([now - 5_000, now - 30_000, now - 10_000], policy, now)).toBe(30_000);
  });

  it('forgets failures older than the window (sliding, not fixed, windows)', () => {
    expect(retryAfterMs([now - 60_000, now - 10_000, now - 5_000], policy, now)).toBeUndefined();
    expect(retryAfterMs([now - 59_999, now - 10_000, now - 5_000], policy, now)).toBe(1);
  });

  it('with more failures than the limit, waits until enough have left the window', () => {
    // Five failures, limit three: the third oldest must leave before the count drops to two.
    const failures = [now - 50_000, now - 40_000, now - 30_000, now - 20_000, now - 10_000];
    expect(retryAfterMs(failures, policy, now)).toBe(30_000);
  });

  it('agrees with a brute-force reference: the earliest time at which an attempt would be allowed', () => {
    for (let trial = 0; trial < 200; trial++) {
      const failures = Array.from({ length: Math.floor(Math.random() * 8) }, () => now - Math.floor(Math.random() * 90_000));
      const answer = retryAfterMs(failures, policy, now);
      const allowedAt = (t: number) => failures.filter((at) => at > t - policy.windowMs).length < policy.maxFailures;
      if (answer === undefined) {
        expect(allowedAt(now)).toBe(true);
      } else {
        expect(allowedAt(now + answer - 1)).toBe(false);
        expect(allowedAt(now + answer)).toBe(true);
      }
    }
  });

  it('reports whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_000)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
  });

  it('counts emails case-insensitively and keeps emails and addresses apart', () => {
    expect(emailLimitKey(' Dana@Example.org')).toBe('email:dana@example.org');
    expect(addressLimitKey('127.0.0.1')).toBe('address:127.0.0.1');
  });
});
