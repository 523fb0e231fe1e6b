import { DomainError } from '@fulcrum/contracts';
import { WriteKeyRateLimiter } from './write-key.rate-limiter';

describe('WriteKeyRateLimiter', () => {
  let now = 0;
  const clock = () => now;

  function refusal(fn: () => void): DomainError {
    try {
      fn();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('admitted');
  }

  it('keeps one bucket per write key: one key over its limit does not slow another', () => {
    now = 0;
    const limiter = new WriteKeyRateLimiter({ eventsPerSecond: 10, burst: 20 }, clock);
    limiter.admit('a', 20);
    const error = refusal(() => limiter.admit('a', 1));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details).toEqual({ retryAfterSeconds: 1, eventsPerSecond: 10, burst: 20, events: 1 });
    expect(() => limiter.admit('b', 20)).not.toThrow();
    now = 1_000;
    expect(() => limiter.admit('a', 10)).not.toThrow();
  });

  it('forgets the key used longest ago past its bound (it gets a full bucket again)', () => {
    now = 0;
    const limiter = new WriteKeyRateLimiter({ eventsPerSecond: 1, burst: 1 }, clock, 2);
    limiter.admit('a', 1);
    limiter.admit('b', 1);
    expect(() => limiter.admit('a', 1)).toThrow(DomainError); // a is now the most recently used
    limiter.admit('c', 1); // drops b
    expect(limiter.size).toBe(2);
    expect(() => limiter.admit('a', 1)).toThrow(DomainError);
    expect(() => limiter.admit('b', 1)).not.toThrow();
  });
});
