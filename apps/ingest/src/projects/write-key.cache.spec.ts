import { WriteKeyCache } from './write-key.cache';

describe('WriteKeyCache', () => {
  it('remembers keys and forgets misses after the TTL', () => {
    let now = 0;
    const cache = new WriteKeyCache(1_000, () => now);
    cache.set('k1', 'p1');
    expect(cache.get('k1')).toBe('p1');
    cache.rememberMiss('bad');
    expect(cache.isRecentMiss('bad')).toBe(true);
    now = 1_001;
    expect(cache.isRecentMiss('bad')).toBe(false);
  });

  it('a key that becomes valid is no longer a miss', () => {
    const cache = new WriteKeyCache(60_000, () => 0);
    cache.rememberMiss('k');
    cache.set('k', 'p');
    expect(cache.isRecentMiss('k')).toBe(false);
    expect(cache.get('k')).toBe('p');
  });
});
