import { TRUST_WINDOW_MS, TrustWindowCache } from './trust-window.cache';

interface Found {
  writeKeyId: string;
  projectId: string;
}

/** A database double: answers from `rows`, counts queries, and can hold answers back. */
function fakeDatabase() {
  const rows = new Map<string, Found>();
  const queries: string[] = [];
  let gate: Promise<void> | undefined;
  return {
    rows,
    queries,
    hold(): () => void {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
    load: async (key: string): Promise<Found | null> => {
      queries.push(key);
      const snapshot = rows.get(key) ?? null; // read when the query runs, as a database would
      if (gate) await gate;
      return snapshot;
    },
  };
}

describe('TrustWindowCache', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('trusts an answer for 500 ms: a revoked key is refused once its answer is 500 ms old', async () => {
    expect(TRUST_WINDOW_MS).toBe(500);
    const db = fakeDatabase();
    db.rows.set('k1', { writeKeyId: 'w1', projectId: 'p1' });
    const cache = new TrustWindowCache(db.load, { now: clock });

    expect(await cache.resolve('k1')).toEqual({ writeKeyId: 'w1', projectId: 'p1' });
    db.rows.delete('k1'); // revoked on another replica
    now += 499;
    expect(await cache.resolve('k1')).toEqual({ writeKeyId: 'w1', projectId: 'p1' });
    expect(db.queries).toEqual(['k1']);
    now += 1;
    expect(await cache.resolve('k1')).toBeNull();
    expect(db.queries).toEqual(['k1', 'k1']);
  });

  it('trusts a "not found" for 500 ms too: a new key works on every replica within that time', async () => {
    const db = fakeDatabase();
    const cache = new TrustWindowCache(db.load, { now: clock });
    expect(await cache.resolve('k2')).toBeNull();
    db.rows.set('k2', { writeKeyId: 'w2', projectId: 'p1' });
    now += 499;
    expect(await cache.resolve('k2')).toBeNull();
    now += 1;
    expect(await cache.resolve('k2')).toEqual({ writeKeyId: 'w2', projectId: 'p1' });
    expect(db.queries).toHaveLength(2);
  });

  it('counts the 500 ms from the start of the query, not from its answer', async () => {
    const db = fakeDatabase();
    db.rows.set('k', { writeKeyId: 'w', projectId: 'p' });
    const cache = new TrustWindowCache(db.load, { now: clock });
    const release = db.hold();
    const pending = cache.resolve('k');
    now += 300; // a slow query
    release();
    expect(await pending).not.toBeNull();
    db.rows.delete('k');
    now += 200; // 500 ms after the query started, 200 ms after it answered
    expect(await cache.resolve('k')).toBeNull();
  });

  it('lets concurrent requests for a key share one query', async () => {
    const db = fakeDatabase();
    db.rows.set('k', { writeKeyId: 'w', projectId: 'p' });
    const cache = new TrustWindowCache(db.load, { now: clock });
    const release = db.hold();
    const answers = Promise.all([cache.resolve('k'), cache.resolve('k'), cache.resolve('k')]);
    expect(db.queries).toEqual(['k']);
    release();
    expect(await answers).toEqual([1, 2, 3].map(() => ({ writeKeyId: 'w', projectId: 'p' })));
    // Once the answer is too old, again a single query for many concurrent requests.
    now += 500;
    const again = Promise.all([cache.resolve('k'), cache.resolve('k')]);
    await again;
    expect(db.queries).toEqual(['k', 'k']);
  });

  it('does not remember a failed query, and every waiter hears the failure', async () => {
    let fail = true;
    let calls = 0;
    const cache = new TrustWindowCache(
      async () => {
        calls++;
        if (fail) throw new Error('database down');
        return { writeKeyId: 'w', projectId: 'p' };
      },
      { now: clock },
    );
    await expect(Promise.all([cache.resolve('k'), cache.resolve('k')])).rejects.toThrow('database down');
    expect(calls).toBe(1);
    fail = false;
    expect(await cache.resolve('k')).toEqual({ writeKeyId: 'w', projectId: 'p' });
    expect(calls).toBe(2);
  });

  it('keeps at most maxEntries keys, dropping the one refreshed longest ago', async () => {
    const db = fakeDatabase();
    const cache = new TrustWindowCache(db.load, { now: clock, maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await cache.resolve(key);
    now += 600;
    await cache.resolve('a'); // refreshed: now the newest
    await cache.resolve('d'); // evicts b, the stalest
    expect(cache.size).toBe(3);
    db.queries.length = 0;
    now += 100;
    await cache.resolve('c'); // 700 ms old: asked again anyway
    await cache.resolve('a');
    await cache.resolve('d');
    expect(db.queries).toEqual(['c']);
    await cache.resolve('b'); // was evicted
    expect(db.queries).toEqual(['c', 'b']);
    expect(cache.size).toBe(3);
  });

  it('forgets what this replica revoked at once, by value (a write key, whatever secret named it)', async () => {
    const db = fakeDatabase();
    db.rows.set('k', { writeKeyId: 'w', projectId: 'p' });
    const cache = new TrustWindowCache(db.load, { now: clock });
    await cache.resolve('k');
    db.rows.delete('k');
    cache.forgetWhere((found) => found.writeKeyId === 'w');
    expect(await cache.resolve('k')).toBeNull();
  });

  it('remembers "unknown" for 500 ms too, so junk credentials cannot hammer the database', async () => {
    const db = fakeDatabase();
    const cache = new TrustWindowCache(db.load, { now: clock });
    for (let i = 0; i < 5; i++) expect(await cache.resolve('junk')).toBeNull();
    expect(db.queries).toEqual(['junk']);
  });

  it('after clear(), forgets answers and does not remember a query that was already running', async () => {
    const db = fakeDatabase();
    db.rows.set('t', { writeKeyId: 'dana', projectId: 'p' });
    const cache = new TrustWindowCache(db.load, { now: clock });
    const release = db.hold();
    const stale = cache.resolve('t');
    db.rows.delete('t');
    cache.clear(); // this replica revoked it
    release();
    expect(await stale).toEqual({ writeKeyId: 'dana', projectId: 'p' }); // that request began before the revocation
    expect(await cache.resolve('t')).toBeNull();
    expect(db.queries).toEqual(['t', 't']);
  });

  it('forgets one key (a session this replica just ended) and nothing else', async () => {
    const db = fakeDatabase();
    db.rows.set('s1', { writeKeyId: 'a', projectId: 'p' });
    db.rows.set('s2', { writeKeyId: 'b', projectId: 'p' });
    const cache = new TrustWindowCache(db.load, { now: clock });
    await cache.resolve('s1');
    await cache.resolve('s2');
    db.rows.delete('s1');
    db.rows.delete('s2');
    cache.forget('s1');
    expect(await cache.resolve('s1')).toBeNull();
    expect(await cache.resolve('s2')).toEqual({ writeKeyId: 'b', projectId: 'p' });
    expect(db.queries).toEqual(['s1', 's2', 's1']);
  });
});
