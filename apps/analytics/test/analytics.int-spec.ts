import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { type CanonicalEvent, type EventCatalogReply, RPC, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { RpcClient, ensureStream, natsClientOptions } from '@fulcrum/messaging';
import { type TempDir, type TestNats, makeTempDir, startTestNats, testEnvelope } from '@fulcrum/testing';
import { type RunningAnalytics, bootstrapAnalytics } from '../src/analytics.bootstrap';

const projectId = randomUUID();

function event(id: string, name: string, user: { userId?: string; anonymousId?: string }, ts = '2026-01-01T10:00:00.000Z'): CanonicalEvent {
  return { id, projectId, type: 'track', event: name, ...user, timestamp: ts, receivedAt: ts, properties: {}, context: {} };
}

function batchPayload(events: CanonicalEvent[]): Uint8Array {
  return Buffer.from(JSON.stringify({ v: 1, batchId: randomUUID(), projectId, events }));
}

describe('analytics service (real nats-server, real DuckDB file)', () => {
  let nats: TestNats;
  let dir: TempDir;
  let analytics: RunningAnalytics;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let proxy: ClientProxy;

  const config = () => ({ natsUrl: nats.url, duckdbPath: join(dir.path, 'analytics.duckdb'), maxMessagesPerBatch: 50 });

  async function catalogWhen(predicate: (c: EventCatalogReply) => boolean): Promise<EventCatalogReply> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const c = await rpc.request(RPC.analyticsEventCatalogGet, { projectId });
      if (predicate(c) || Date.now() > deadline) return c;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    nats = await startTestNats();
    dir = makeTempDir();
    nc = await connect({ servers: nats.url });
    await ensureStream(await nc.jetstreamManager(), STREAMS.events);
    analytics = await bootstrapAnalytics(config());
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'test') });
    rpc = new RpcClient(proxy, 5_000, { defaultEnvelope: testEnvelope });
  });

  afterAll(async () => {
    await proxy?.close();
    await analytics?.close();
    await nc?.close();
    await nats?.stop();
    dir?.remove();
  });

  it('applies batches once per event id, counts users, keeps poison messages, and reports the data version', async () => {
    const js = nc.jetstream();
    await js.publish(SUBJECTS.eventsAccepted, batchPayload([
      event('e1', 'Signed Up', { userId: 'u1' }, '2026-01-01T10:00:00.000Z'),
      event('e2', 'Viewed', { anonymousId: 'a1' }, '2026-01-02T10:00:00.000Z'),
      event('e3', 'Viewed', { userId: 'u1' }, '2026-01-03T10:00:00.000Z'),
      event('e3', 'Viewed', { userId: 'u1' }, '2026-01-03T10:00:00.000Z'),
    ]));
    // A client retry: the same ids again in a new message must not count twice.
    await js.publish(SUBJECTS.eventsAccepted, batchPayload([event('e2', 'Viewed', { anonymousId: 'a1' }, '2026-01-02T10:00:00.000Z')]));
    // Poison: not a valid batch. Kept aside, does not block the stream.
    await js.publish(SUBJECTS.eventsAccepted, Buffer.from('{"v":1,"oops":true}'));
    const ack = await js.publish(SUBJECTS.eventsAccepted, batchPayload([event('e4', 'Viewed', { userId: 'u2' }, '2026-01-04T10:00:00.000Z')]));

    const catalog = await catalogWhen((c) => c.dataVersion === String(ack.seq));
    expect(catalog).toEqual({
      dataVersion: String(ack.seq),
      totalEvents: 4,
      events: [
        { name: 'Viewed', count: 3, uniqueUsers: 3, firstSeen: '2026-01-02T10:00:00.000Z', lastSeen: '2026-01-04T10:00:00.000Z' },
        { name: 'Signed Up', count: 1, uniqueUsers: 1, firstSeen: '2026-01-01T10:00:00.000Z', lastSeen: '2026-01-01T10:00:00.000Z' },
      ],
    });
  });

  it('keeps events and the data version across a restart and never re-applies them', async () => {
    const before = await rpc.request(RPC.analyticsEventCatalogGet, { projectId });
    await analytics.close();
    analytics = await bootstrapAnalytics(config());
    const ack = await nc.jetstream().publish(SUBJECTS.eventsAccepted, batchPayload([event('e1', 'Signed Up', { userId: 'u1' }), event('e5', 'Signed Up', { userId: 'u3' })]));
    const after = await catalogWhen((c) => c.dataVersion === String(ack.seq));
    expect(after.totalEvents).toBe(before.totalEvents + 1);
    expect(after.events.find((e) => e.name === 'Signed Up')).toMatchObject({ count: 2, uniqueUsers: 2 });
  });

  it('rebuilds a lost DuckDB file from the stream, to the same catalog', async () => {
    const before = await rpc.request(RPC.analyticsEventCatalogGet, { projectId });
    await analytics.close();
    rmSync(config().duckdbPath, { force: true });
    rmSync(`${config().duckdbPath}.wal`, { force: true });
    analytics = await bootstrapAnalytics(config());
    expect(await catalogWhen((c) => c.dataVersion === before.dataVersion)).toEqual(before);
  });

  it('refuses a malformed request with a coded error', async () => {
    await expect(rpc.request(RPC.analyticsEventCatalogGet, { projectId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
