import { type Harness, startHarness } from './platform.harness';

const BATCH = 100;

describe('analytics killed with SIGKILL mid-stream', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('counts every acknowledged event exactly once after the restart', async () => {
    const { ingestUrl, writeKey } = h.platform.credentials;
    const analytics = h.platform.processes.get('analytics');
    if (!analytics) throw new Error('no analytics process');
    const restartsBefore = analytics.restarts;

    const acknowledged: Array<{ id: string; event: string; userId: string }[]> = [];
    const send = async (events: { id: string; event: string; userId: string }[]): Promise<number> => {
      const res = await fetch(`${ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      return res.status;
    };

    let killed = false;
    for (let b = 0; b < 60; b++) {
      const events = Array.from({ length: BATCH }, (_, i) => ({ id: `b${b}-e${i}`, event: i % 3 === 0 ? 'Checkout' : 'View', userId: `user-${(b * BATCH + i) % 37}` }));
      const status = await send(events);
      if (status === 200) acknowledged.push(events);
      if (b === 20) {
        analytics.kill('SIGKILL'); // while batches keep flowing and analytics is mid-write
        killed = true;
      }
    }
    expect(killed).toBe(true);
    expect(acknowledged.length).toBe(60); // ingest does not depend on analytics: every batch acknowledged

    // Clients retry: re-sending acknowledged batches must not count twice.
    expect(await send(acknowledged[5])).toBe(200);
    expect(await send(acknowledged[25])).toBe(200);

    const catalog = await h.settledCatalog(120_000);
    expect(analytics.restarts).toBeGreaterThan(restartsBefore);
    const all = acknowledged.flat();
    const expected = (name: string) => {
      const events = all.filter((e) => e.event === name);
      return { count: events.length, uniqueUsers: new Set(events.map((e) => e.userId)).size };
    };
    expect(catalog.totalEvents).toBe(all.length);
    expect(Object.fromEntries(catalog.events.map((e) => [e.name, { count: e.count, uniqueUsers: e.uniqueUsers }]))).toEqual({
      View: expected('View'),
      Checkout: expected('Checkout'),
    });
  });
});
