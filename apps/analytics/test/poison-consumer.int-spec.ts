import { randomUUID } from 'node:crypto';
import { CONSUMERS, type CanonicalEvent, type EventCatalogReply, RPC, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { type AnalyticsServiceHarness, startAnalyticsService } from './support/analytics-service.harness';

/**
 * "Poison is cheap": bad events and bad messages mixed into a stream of good ones are set aside in
 * the same pass as their neighbours are applied. No message is negatively acknowledged or
 * redelivered (the old message-by-message fallback retried each poison message five times, and
 * applied every neighbour alone meanwhile), and every valid event is counted.
 */
describe('analytics consumer with poison in the stream (real nats-server, real DuckDB file)', () => {
  let h: AnalyticsServiceHarness;
  const projectId = randomUUID();

  beforeAll(async () => {
    h = await startAnalyticsService();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const ts = '2026-01-01T10:00:00.000Z';
  const valid = (i: number): string =>
    JSON.stringify({ id: `v${i}`, projectId, type: 'track', event: 'Viewed', userId: `u${i % 7}`, timestamp: ts, receivedAt: ts, properties: { i }, context: {} } satisfies CanonicalEvent);
  /** Events the storable rule refuses, as JSON text (the escapes travel exactly as written). */
  const poison = [
    (i: number) => valid(i).replace(`"i":${i}`, `"k":"\\ud800"`),
    (i: number) => valid(i).replace(`"i":${i}`, `"n":1e400`),
    (i: number) => valid(i).replace(`"timestamp":"${ts}"`, `"timestamp":"-000001-12-31T00:01:00.000Z"`),
    (i: number) => valid(i).replace(`"i":${i}`, `"deep":${'['.repeat(100)}${']'.repeat(100)}`),
  ];
  const message = (events: string[]) => Buffer.from(`{"v":1,"batchId":"${randomUUID()}","projectId":"${projectId}","events":[${events.join(',')}]}`);

  it('applies every valid event in one pass: poison is set aside without a single redelivery', async () => {
    const js = h.nc.jetstream();
    let next = 0;
    let expected = 0;
    let last = 0;
    for (let m = 0; m < 60; m++) {
      const events: string[] = [];
      for (let k = 0; k < 20; k++) events.push(valid(next++));
      expected += 20;
      if (m % 6 === 3) events.splice(7, 0, poison[m % poison.length](next++)); // a bad event among good ones
      last = (await js.publish(SUBJECTS.eventsAccepted, message(events))).seq;
      if (m % 15 === 5) last = (await js.publish(SUBJECTS.eventsAccepted, message([poison[m % poison.length](next++)]))).seq; // alone
      if (m % 20 === 10) last = (await js.publish(SUBJECTS.eventsAccepted, Buffer.from('{"v":1,"events":"not a batch"'))).seq; // not even JSON
    }
    const deadline = Date.now() + 30_000;
    let catalog: EventCatalogReply;
    for (;;) {
      catalog = await h.rpc.request(RPC.analyticsEventCatalogGet, { projectId });
      if (catalog.dataVersion === String(last) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(catalog.dataVersion).toBe(String(last));
    expect(catalog.totalEvents).toBe(expected);
    const info = await (await h.nc.jetstreamManager()).consumers.info(STREAMS.events.name, CONSUMERS.analyticsEvents);
    expect({ redelivered: info.num_redelivered, pending: info.num_ack_pending, ackFloor: info.ack_floor.stream_seq }).toEqual({
      redelivered: 0,
      pending: 0,
      ackFloor: last,
    });
  });
});
