import { CREDENTIAL_TRUST_MS, CredentialCache } from './credential.cache';

function fakeDatabase() {
  const rows = new Map<string, string>();
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
    load: async (key: string): Promise<string | null> => {
      queries.push(key);
      const snapshot = rows.get(key) ?? null;
      if (gate) await gate;
      return snapshot;
    },
  };
}

describe('CredentialCache', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('trusts an answer for 500 ms from the start of its query, then asks again', async () => {
    expect(CREDENTIAL_TRUST_MS).toBe(500);
    const db = fakeDatabase();
    db.rows.set('t', 'dana');
    const cache = new CredentialCache(db.load, { now: clock });
    expect(await cache.resolve('t')).toBe('dana');
    db.rows.delete('t'); // revoked through another replica
    now += 499;
    expect(await cache.resolve('t')).toBe('dana');
    now += 1;
    expect(await cache.resolve('t')).toBeNull();
    expect(db.queries).toEqual(['t', 't']);
  });

  it('remembers "unknown" for 500 ms too, so junk credentials cannot hammer the database', async () => {
    const db = fakeDatabase();
    const cache = new CredentialCache(db.load, { now: clock });
    for (let i = 0; i < 5; i++) expect(await cache.resolve('junk')).toBeNull();
    expect(db.queries).toEqual(['junk']);
  });

  it('shares one query between concurrent requests', async () => {
    const db = fakeDatabase();
    db.rows.set('t', 'dana');
    const cache = new CredentialCache(db.load, { now: clock });
    const release = db.hold();
    const answers = Promise.all([cache.resolve('t'), cache.resolve('t'), cache.resolve('t')]);
    release();
    expect(await answers).toEqual(['dana', 'dana', 'dana']);
    expect(db.queries).toEqual(['t']);
  });

  it('after clear(), forgets answers and does not remember a query that was already running', async () => {
    const db = fakeDatabase();
    db.rows.set('t', 'dana');
    const cache = new CredentialCache(db.load, { now: clock });
    const release = db.hold();
    const stale = cache.resolve('t');
    db.rows.delete('t');
    cache.clear(); // this replica revoked it
    release();
    expect(await stale).toBe('dana'); // that request began before the revocation
    expect(await cache.resolve('t')).toBeNull();
    expect(db.queries).toEqual(['t', 't']);
  });

  it('does not remember failures', async () => {
    let fail = true;
    const cache = new CredentialCache(
      async () => {
        if (fail) throw new Error('database down');
        return 'dana';
      },
      { now: clock },
    );
    await expect(cache.resolve('t')).rejects.toThrow('database down');
    fail = false;
    expect(await cache.resolve('t')).toBe('dana');
  });

  it('keeps at most maxEntries, dropping the stalest', async () => {
    const db = fakeDatabase();
    const cache = new CredentialCache(db.load, { now: clock, maxEntries: 2 });
    await cache.resolve('a');
    await cache.resolve('b');
    await cache.resolve('c');
    expect(cache.size).toBe(2);
    db.queries.length = 0;
    await cache.resolve('c');
    await cache.resolve('a');
    expect(db.queries).toEqual(['a']);
  });
});
