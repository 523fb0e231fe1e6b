import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { type CreateProjectReply, type EventBatchMessage, RPC, STREAMS } from '@fulcrum/contracts';
import { RpcClient, envelopeFromHeaders, natsClientOptions, startNatsServer, stopChild } from '@fulcrum/messaging';
import { type DatabaseKind, type TestNats, databaseKinds, makeTempDir, startTestDatabase, startTestNats, testEnvelope } from '@fulcrum/testing';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { type RunningIngest, bootstrapIngest } from '../src/ingest.bootstrap';

describe.each(databaseKinds())('ingest service on %s (real nats-server)', (kind: DatabaseKind) => {
  let nats: TestNats;
  let db: ResolvedDatabase;
  let ingest: RunningIngest;
  let nc: NatsConnection;
  let proxy: ClientProxy;
  let rpc: RpcClient;
  let created: CreateProjectReply;
  const dir = makeTempDir();

  const start = () =>
    // On PGlite ingest runs on its own embedded database (a pool of one), as `npm run up` runs it.
    bootstrapIngest({ natsUrl: nats.url, host: '127.0.0.1', port: 0, databaseUrl: kind === 'pglite' ? undefined : db.url, embeddedDatabaseDir: dir.path });

  async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
    const res = await fetch(`${ingest.url}${path}`, { method: 'POST', body, headers });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
  }

  /** Every event the collector put on the stream, in order. */
  async function streamedEvents(): Promise<EventBatchMessage['events']> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(STREAMS.events.name);
    const events: EventBatchMessage['events'] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(STREAMS.events.name, { seq });
      events.push(...(m.json<EventBatchMessage>().events));
    }
    return events;
  }

  beforeAll(async () => {
    nats = await startTestNats();
    db = await startTestDatabase(kind);
    ingest = await start();
    nc = await connect({ servers: nats.url });
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'test') });
    rpc = new RpcClient(proxy, 5_000, { defaultEnvelope: testEnvelope });
    created = await rpc.request(RPC.ingestProjectsCreate, { name: '  Demo  ' });
  });

  afterAll(async () => {
    await proxy?.close();
    await ingest?.close();
    await nc?.close();
    await db?.stop();
    await nats?.stop();
    dir.remove();
  });

  it('creates, lists and gets projects over NATS with coded errors', async () => {
    expect(created.project.name).toBe('Demo');
    expect(created.writeKey).toMatch(/^wk_[A-Za-z0-9_-]{32}$/);
    const listed = await rpc.request(RPC.ingestProjectsList, {});
    expect(listed).toEqual({ edges: [{ cursor: expect.any(String), node: created.project }], totalCount: 1, hasNextPage: false });
    expect((await rpc.request(RPC.ingestProjectsGet, { projectId: created.project.id })).project).toEqual(created.project);
    await expect(rpc.request(RPC.ingestProjectsGet, { projectId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(rpc.request(RPC.ingestProjectsCreate, { name: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(rpc.request(RPC.ingestProjectsCreate, { name: '   ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('gives every project a unique key: the one asked for (upper-cased), or one derived from its name', async () => {
    expect(created.project.key).toBe('DEMO');
    const asked = await rpc.request(RPC.ingestProjectsCreate, { name: 'Web shop', key: 'shop' });
    expect(asked.project.key).toBe('SHOP');
    await expect(rpc.request(RPC.ingestProjectsCreate, { name: 'Other', key: 'Shop' })).rejects.toMatchObject({ code: 'CONFLICT', details: { key: 'SHOP' } });
    const [first, second] = [await rpc.request(RPC.ingestProjectsCreate, { name: 'Mobile App' }), await rpc.request(RPC.ingestProjectsCreate, { name: 'Mobile Apps' })];
    expect([first.project.key, second.project.key]).toEqual(['MA', 'MA2']);
    const concurrent = await Promise.all(['Key Race', 'Key Race', 'Key Race'].map((name) => rpc.request(RPC.ingestProjectsCreate, { name })));
    expect(concurrent.map((c) => c.project.key).sort()).toEqual(['KR', 'KR2', 'KR3']);
    expect((await rpc.request(RPC.ingestProjectsGet, { projectId: asked.project.id })).project.key).toBe('SHOP');
  });

  it('keeps a time zone per project (UTC by default), refuses unknown zones, and changes it', async () => {
    expect(created.project.timeZone).toBe('UTC');
    const paris = await rpc.request(RPC.ingestProjectsCreate, { name: 'Paris', timeZone: 'Europe/Paris' });
    expect(paris.project.timeZone).toBe('Europe/Paris');
    await expect(rpc.request(RPC.ingestProjectsCreate, { name: 'x', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const moved = await rpc.request(RPC.ingestProjectsSetTimeZone, { projectId: paris.project.id, timeZone: 'America/New_York' });
    expect(moved.project.timeZone).toBe('America/New_York');
    expect((await rpc.request(RPC.ingestProjectsGet, { projectId: paris.project.id })).project.timeZone).toBe('America/New_York');
    await expect(rpc.request(RPC.ingestProjectsSetTimeZone, { projectId: paris.project.id, timeZone: 'utc+2' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      rpc.request(RPC.ingestProjectsSetTimeZone, { projectId: '00000000-0000-4000-8000-000000000000', timeZone: 'UTC' }),
    ).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });

  it('lists projects in pages, oldest first, optionally only some ids', async () => {
    const more = [];
    for (const name of ['Page A', 'Page B', 'Page C']) more.push((await rpc.request(RPC.ingestProjectsCreate, { name })).project);
    const all = await rpc.request(RPC.ingestProjectsList, {});
    const ids = all.edges.map((edge) => edge.node.id);
    expect(ids.slice(-3)).toEqual(more.map((p) => p.id));
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await rpc.request(RPC.ingestProjectsList, { first: 2, ...(after !== undefined && { after }) });
      expect(page.totalCount).toBe(ids.length);
      seen.push(...page.edges.map((edge) => edge.node.id));
      after = page.hasNextPage ? page.edges[page.edges.length - 1]?.cursor : undefined;
    } while (after !== undefined);
    expect(seen).toEqual(ids);
    const some = await rpc.request(RPC.ingestProjectsList, { projectIds: [more[2]?.id as string, more[0]?.id as string, '00000000-0000-4000-8000-000000000000'] });
    expect(some.edges.map((edge) => edge.node.name)).toEqual(['Page A', 'Page C']);
    expect(some.totalCount).toBe(2);
    expect((await rpc.request(RPC.ingestProjectsList, { projectIds: [] })).totalCount).toBe(0);
    await expect(rpc.request(RPC.ingestProjectsList, { first: 101 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(rpc.request(RPC.ingestProjectsList, { after: 'junk' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'after' } });
  });

  it('accepts the three front doors and persists every event in JetStream before answering 200', async () => {
    const native = await post('/v1/events', JSON.stringify({ events: [{ id: 'n-1', event: 'Signed Up', userId: 'u1', timestamp: '2026-01-01T00:00:00Z' }] }), {
      authorization: `Bearer ${created.writeKey}`,
      'content-type': 'application/json',
    });
    expect(native).toMatchObject({ status: 200, json: { accepted: 1 } });

    const segment = await post('/v1/t', JSON.stringify({ writeKey: created.writeKey, type: 'track', event: 'Clicked', anonymousId: 'a1', messageId: 's-1' }), {
      'content-type': 'text/plain',
    });
    expect(segment).toMatchObject({ status: 200, json: { success: true } });

    const posthog = await post(
      '/batch/',
      gzipSync(JSON.stringify({ api_key: created.writeKey, batch: [{ event: '$pageview', distinct_id: 'd1', uuid: 'p-1', properties: {} }] })),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    );
    expect(posthog).toMatchObject({ status: 200, json: { status: 1 } });

    const events = await streamedEvents();
    expect(events.map((e) => [e.id, e.projectId, e.event, e.userId ?? null, e.anonymousId ?? null])).toEqual([
      ['n-1', created.project.id, 'Signed Up', 'u1', null],
      ['s-1', created.project.id, 'Clicked', null, 'a1'],
      ['p-1', created.project.id, '$pageview', 'd1', null],
    ]);
  });

  it('answers the request id and publishes every message with the request envelope (write key, project, request id, trace)', async () => {
    const jsm = await nc.jetstreamManager();
    const trace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await post('/v1/events', JSON.stringify({ events: [{ id: 'env-1', event: 'Traced', userId: 'u1' }] }), {
      authorization: `Bearer ${created.writeKey}`,
      'x-request-id': 'ingest-test.1',
      traceparent: trace,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('ingest-test.1');
    const { state } = await jsm.streams.info(STREAMS.events.name);
    const stored = await jsm.streams.getMessage(STREAMS.events.name, { seq: state.last_seq });
    expect(stored.json<EventBatchMessage>().events.map((e) => e.id)).toEqual(['env-1']);
    expect(envelopeFromHeaders(stored.header)).toEqual({
      actorId: expect.stringMatching(/^write-key:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      projectId: created.project.id,
      requestId: 'ingest-test.1',
      // the trace goes on, one span further
      traceparent: expect.stringMatching(/^00-0af7651916cd43dd8448eb211c80319c-(?!b7ad6b7169203331)[0-9a-f]{16}-01$/),
    });
    // without an id (or with an invalid one) the request gets a new one, answered too
    const fresh = await post('/v1/events', '{"events":[]}', { 'x-request-id': 'not valid!' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers client mistakes with coded 4xx and stores nothing', async () => {
    const before = (await streamedEvents()).length;
    expect(await post('/v1/events', '{"events":[]}')).toMatchObject({ status: 401, json: { error: { code: 'WRITE_KEY_MISSING' } } });
    expect(await post('/v1/events', '{"events":[]}', { authorization: 'Bearer wk_nope' })).toMatchObject({
      status: 401,
      json: { error: { code: 'WRITE_KEY_INVALID' } },
    });
    expect(await post('/v1/events', '{"events":', { authorization: `Bearer ${created.writeKey}` })).toMatchObject({
      status: 400,
      json: { error: { code: 'BODY_NOT_JSON' } },
    });
    const bad = await post('/v1/events', JSON.stringify({ events: [{ id: 'ok', event: 'A', userId: 'u' }, { id: 'bad', event: 'B', userId: 'u', timestamp: 'yesterday' }] }), {
      authorization: `Bearer ${created.writeKey}`,
    });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'VALIDATION_FAILED', details: { field: 'events[1].timestamp' } } } });
    const big = await post('/v1/batch', JSON.stringify({ writeKey: created.writeKey, batch: [{ type: 'track', event: 'x', userId: 'u', properties: { pad: 'x'.repeat(600 * 1024) } }] }));
    expect(big).toMatchObject({ status: 400, json: { error: { code: 'BODY_TOO_LARGE' } } });
    const bigPosthog = await post('/batch', JSON.stringify({ api_key: created.writeKey, batch: [{ event: 'x', distinct_id: 'd', properties: { pad: 'x'.repeat(600 * 1024) } }] }));
    expect(bigPosthog).toMatchObject({ status: 413, json: { error: { code: 'BODY_TOO_LARGE' } } });
    // Far past what the HTTP layer reads: still a coded answer, not Fastify's.
    const huge = await post('/v1/batch', Buffer.alloc(6 * 1024 * 1024, 0x20), { authorization: `Basic ${Buffer.from(`${created.writeKey}:`).toString('base64')}` });
    expect(huge).toMatchObject({ status: 400, json: { error: { code: 'BODY_TOO_LARGE', details: { sizeBytes: 6 * 1024 * 1024 } } } });
    expect(await post('/v1/nope', '{}')).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
    expect((await streamedEvents()).length).toBe(before);
  });

  it('answers PostHog flag endpoints harmlessly', async () => {
    const res = await post('/flags/?v=2', JSON.stringify({ api_key: created.writeKey, distinct_id: 'd' }));
    expect(res).toMatchObject({ status: 200, json: { flags: {}, featureFlags: {} } });
  });

  it('answers 503 with Retry-After while NATS is down, and accepts again once it is back', async () => {
    await stopChild(nats.process); // an outage: the process dies, its store stays
    try {
      const res = await post('/v1/events', JSON.stringify({ events: [{ id: 'n-down', event: 'A', userId: 'u' }] }), {
        authorization: `Bearer ${created.writeKey}`,
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.json).toMatchObject({ error: { code: 'BROKER_UNAVAILABLE' } });
    } finally {
      nats = await restartNats(nats);
      // The test's own connection may still be backing off; use a fresh one.
      await nc.close();
      nc = await connect({ servers: nats.url });
    }
    // The client reconnects by itself; an SDK's retry then succeeds.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await post('/v1/events', JSON.stringify({ events: [{ id: 'n-back', event: 'A', userId: 'u' }] }), {
        authorization: `Bearer ${created.writeKey}`,
      })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await streamedEvents()).map((e) => e.id)).toContain('n-back');
  });
});

/** The same server (port and store) started again, as after an outage. */
async function restartNats(old: TestNats): Promise<TestNats> {
  const server = await startNatsServer({ port: old.port, dataDir: old.dataDir });
  return {
    ...server,
    dataDir: old.dataDir,
    async stop() {
      await server.stop();
      rmSync(old.dataDir, { recursive: true, force: true });
    },
  };
}
