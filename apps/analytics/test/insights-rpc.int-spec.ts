import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { type CanonicalEvent, DomainError, RPC, STREAMS, SUBJECTS, type TrendRequest } from '@fulcrum/contracts';
import { RpcClient, ensureStream, natsClientOptions } from '@fulcrum/messaging';
import { type TempDir, type TestNats, makeTempDir, startTestNats, testEnvelope } from '@fulcrum/testing';
import { type RunningAnalytics, bootstrapAnalytics } from '../src/analytics.bootstrap';

/**
 * The insight engine over NATS request/reply, on events that went through JetStream: persons merged
 * by identify, results as of a data version, saved analyses reproduced after more data arrived,
 * refused merges listed, sandboxed SQL.
 */
describe('insights over NATS (real nats-server, real DuckDB file)', () => {
  const projectId = randomUUID();
  let nats: TestNats;
  let dir: TempDir;
  let analytics: RunningAnalytics;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let proxy: ClientProxy;

  function ev(id: string, name: string, ids: { userId?: string; anonymousId?: string }, timestamp: string, type: CanonicalEvent['type'] = 'track'): CanonicalEvent {
    return { id, projectId, type, event: name, ...ids, timestamp, receivedAt: timestamp, properties: {}, context: {} };
  }
  async function publish(events: CanonicalEvent[]): Promise<number> {
    const ack = await nc.jetstream().publish(SUBJECTS.eventsAccepted, Buffer.from(JSON.stringify({ v: 1, batchId: randomUUID(), projectId, events })));
    return ack.seq;
  }
  const uniquePersons = (extra: Partial<TrendRequest> = {}): TrendRequest => ({
    projectId,
    timeZone: 'Europe/Paris',
    query: { series: [{ event: 'viewed', math: 'UNIQUE_PERSONS' }], interval: 'DAY', dateRange: { from: '2026-03-01', to: '2026-03-02' } },
    ...extra,
  });
  async function settled(seq: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await rpc.request(RPC.analyticsEventCatalogGet, { projectId });
      if (BigInt(r.dataVersion) >= BigInt(seq)) return;
      if (Date.now() > deadline) throw new Error(`data version stuck at ${r.dataVersion}, wanted ${seq}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    nats = await startTestNats();
    dir = makeTempDir();
    nc = await connect({ servers: nats.url });
    await ensureStream(await nc.jetstreamManager(), STREAMS.events);
    analytics = await bootstrapAnalytics({ natsUrl: nats.url, duckdbPath: join(dir.path, 'analytics.duckdb'), maxMessagesPerBatch: 50 });
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'test') });
    rpc = new RpcClient(proxy, 10_000, { defaultEnvelope: testEnvelope });
  });

  afterAll(async () => {
    await proxy?.close();
    await analytics?.close();
    await nc?.close();
    await nats?.stop();
    dir?.remove();
  });

  it('counts persons, not ids, from the link on; answers as of an earlier version; refuses a version not reached', async () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Paris: the time zone decides the day.
    const before = await publish([ev('e1', 'viewed', { anonymousId: 'anon-1' }, '2026-03-01T09:00:00.000Z'), ev('e2', 'viewed', { userId: 'ada' }, '2026-03-01T23:30:00.000Z')]);
    const linked = await publish([ev('e3', '$identify', { userId: 'ada', anonymousId: 'anon-1' }, '2026-03-01T10:00:00.000Z', 'identify')]);
    await settled(linked);
    const now = await rpc.request(RPC.analyticsTrendGet, uniquePersons());
    expect(now.dataVersion).toBe(String(linked));
    expect(now.timeZone).toBe('Europe/Paris');
    expect(now.buckets).toEqual(['2026-03-01T00:00:00', '2026-03-02T00:00:00']);
    expect(now.series[0]?.data).toEqual([1, 1]);
    expect(now.series[0]?.total).toBe(1);
    expect(now.queryFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);

    const asOfBefore = await rpc.request(RPC.analyticsTrendGet, uniquePersons({ asOfDataVersion: String(before) }));
    expect(asOfBefore.dataVersion).toBe(String(before));
    expect(asOfBefore.series[0]?.total).toBe(2); // anon-1 and ada were two persons before the link
    expect(asOfBefore.queryFingerprint).toBe(now.queryFingerprint);

    await expect(rpc.request(RPC.analyticsTrendGet, uniquePersons({ asOfDataVersion: String(linked + 1000) }))).rejects.toMatchObject({
      code: 'DATA_VERSION_UNAVAILABLE',
    });
    await expect(rpc.request(RPC.analyticsTrendGet, uniquePersons({ timeZone: 'Mars/Olympus' }))).rejects.toBeInstanceOf(DomainError);
  });

  it('saves an analysis and reproduces it identically after more data arrived', async () => {
    const dana = testEnvelope({ actorId: 'user:0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a', actorName: 'Dana Ñúñez' });
    const { analysis } = await rpc.request(
      RPC.analyticsAnalysesSave,
      {
        projectId,
        timeZone: 'Europe/Paris',
        title: 'Viewers on launch day',
        narrative: 'One person, seen on two local days.',
        insight: { kind: 'TREND', query: uniquePersons().query as unknown as Record<string, unknown> },
      },
      { envelope: dana },
    );
    expect(analysis.resultDigest).toMatch(/^sha256:/);
    // who saved it comes from the request envelope: the display name at the time, and the actor id
    expect(analysis).toMatchObject({ createdBy: 'Dana Ñúñez', createdById: dana.actorId });
    const more = await publish([ev('e4', 'viewed', { userId: 'bob' }, '2026-03-01T12:00:00.000Z')]);
    await settled(more);
    expect((await rpc.request(RPC.analyticsTrendGet, uniquePersons())).series[0]?.total).toBe(2);

    const again = await rpc.request(RPC.analyticsAnalysesReproduce, { projectId, analysisId: analysis.id });
    expect(again).toMatchObject({ identical: true, dataVersion: analysis.dataVersion, resultDigest: analysis.resultDigest, erasures: [], differences: [] });
    expect(again.result).toEqual(analysis.result);
    expect((await rpc.request(RPC.analyticsAnalysesGet, { projectId, analysisId: analysis.id })).analysis).toEqual(analysis);
    const listed = await rpc.request(RPC.analyticsAnalysesList, { projectId, first: 1 });
    expect(listed).toEqual({ edges: [{ cursor: expect.any(String), node: analysis }], totalCount: 1, hasNextPage: false });
    expect((await rpc.request(RPC.analyticsAnalysesList, { projectId, after: listed.edges[0]?.cursor ?? '' })).edges).toEqual([]);
    await expect(rpc.request(RPC.analyticsAnalysesGet, { projectId, analysisId: randomUUID() })).rejects.toMatchObject({ code: 'ANALYSIS_NOT_FOUND' });
    // Another project's analysis is exactly as absent as an unknown one.
    await expect(rpc.request(RPC.analyticsAnalysesGet, { projectId: randomUUID(), analysisId: analysis.id })).rejects.toMatchObject({ code: 'ANALYSIS_NOT_FOUND' });
    await expect(rpc.request(RPC.analyticsAnalysesReproduce, { projectId: randomUUID(), analysisId: analysis.id })).rejects.toMatchObject({ code: 'ANALYSIS_NOT_FOUND' });
    await expect(
      rpc.request(RPC.analyticsAnalysesSave, {
        projectId,
        timeZone: 'UTC',
        title: 't',
        narrative: '',
        insight: { kind: 'TREND', query: { series: [], interval: 'DAY' } },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists refused merges and runs sandboxed SQL over the project only', async () => {
    const seq = await publish([ev('e5', '$identify', { userId: 'carol', anonymousId: 'anon-1' }, '2026-03-01T13:00:00.000Z', 'identify')]);
    await settled(seq);
    const page = await rpc.request(RPC.analyticsIdentityConflictsList, { projectId, first: 1 });
    expect(page.totalCount).toBe(1);
    expect(page.hasNextPage).toBe(false);
    const after = await rpc.request(RPC.analyticsIdentityConflictsList, { projectId, first: 1, after: page.edges[0]?.cursor ?? '' });
    expect(after).toEqual({ edges: [], totalCount: 1, hasNextPage: false });
    await expect(rpc.request(RPC.analyticsIdentityConflictsList, { projectId, after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(page.edges[0]?.node).toMatchObject({ eventId: 'e5', sourceId: 'anon-1', targetId: 'carol', reason: 'ALREADY_MERGED', existingPersonId: 'ada' });

    const sql = await rpc.request(RPC.analyticsSqlRun, { projectId, query: 'SELECT count(DISTINCT person_id) AS persons FROM events' });
    expect(sql.rows).toEqual([[3]]); // ada (with anon-1), bob, carol
    await expect(rpc.request(RPC.analyticsSqlRun, { projectId, query: 'SELECT * FROM main.events' })).rejects.toMatchObject({ code: 'SQL_NOT_ALLOWED' });
  });
});
