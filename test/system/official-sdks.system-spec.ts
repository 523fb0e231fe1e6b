import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { type Harness, startHarness } from './platform.harness';

describe('official SDKs against the running platform', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('counts exactly what @segment/analytics-node and posthog-node sent, with unique users', async () => {
    const { ingestUrl, writeKey } = h.platform.credentials;

    const segment = new Analytics({ writeKey, host: ingestUrl, flushAt: 15, maxRetries: 3 });
    const segmentErrors: unknown[] = [];
    segment.on('error', (e) => segmentErrors.push(e));
    for (let i = 1; i <= 5; i++) {
      segment.identify({ userId: `u${i}`, traits: { plan: i % 2 ? 'pro' : 'free' } });
      for (let k = 0; k < i; k++) segment.track({ userId: `u${i}`, event: 'Order Completed', properties: { revenue: 10 * k } });
    }
    for (const a of ['a1', 'a2', 'a3']) segment.track({ anonymousId: a, event: 'Page Viewed' });
    await segment.closeAndFlush({ timeout: 30_000 });
    expect(segmentErrors).toEqual([]);

    const posthog = new PostHog(writeKey, { host: ingestUrl, flushAt: 20, flushInterval: 0 });
    for (const d of ['d1', 'd2', 'd3', 'd4']) {
      posthog.capture({ distinctId: d, event: 'ph clicked', properties: { button: 'buy' } });
      posthog.capture({ distinctId: d, event: 'ph clicked', properties: { button: 'cancel' } });
    }
    posthog.identify({ distinctId: 'd1', properties: { email: 'd1@example.com' } });
    await posthog.shutdown(30_000);

    const catalog = await h.settledCatalog();
    const byName = Object.fromEntries(catalog.events.map((e) => [e.name, { count: e.count, uniqueUsers: e.uniqueUsers }]));
    expect(byName).toEqual({
      'Order Completed': { count: 15, uniqueUsers: 5 },
      '$identify': { count: 6, uniqueUsers: 6 },
      'ph clicked': { count: 8, uniqueUsers: 4 },
      'Page Viewed': { count: 3, uniqueUsers: 3 },
    });
    expect(catalog.totalEvents).toBe(32);
    // Most frequent first.
    expect(catalog.events.map((e) => e.name)).toEqual(['Order Completed', 'ph clicked', '$identify', 'Page Viewed']);
  });

  it('keeps the data, the demo project and its credentials across a restart of the platform', async () => {
    const before = await h.settledCatalog();
    const credentials = h.platform.credentials;
    await h.restart();
    expect(h.platform.credentials).toEqual(credentials);
    expect(await h.settledCatalog()).toEqual(before);
    // And the write key still works after the restart.
    const res = await fetch(`${credentials.ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.writeKey}` },
      body: JSON.stringify({ events: [{ id: 'after-restart', event: 'Page Viewed', anonymousId: 'a4' }] }),
    });
    expect(res.status).toBe(200);
    expect((await h.settledCatalog()).totalEvents).toBe(before.totalEvents + 1);
  });
});
