import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type CreateProjectReply, RPC, type WriteKeyDto } from '@fulcrum/contracts';
import { buildDataSourceOptions } from '@fulcrum/persistence';
import { type DatabaseKind, databaseKinds, describeOnSharedDatabases } from '@fulcrum/testing';
import type { RunningIngest } from '../src/ingest.bootstrap';
import { CreateProjects1763700000000 } from '../src/migrations/1763700000000-create-projects.migration';
import { AddProjectTimeZone1763800000000 } from '../src/migrations/1763800000000-add-project-time-zone.migration';
import { type CollectorAnswer, type IngestStack, postTo, startIngestStack } from './support/ingest.harness';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let eventCounter = 0;
/** Unique event ids, so the stream can be checked request by request. */
const ids = (n: number, tag: string) => Array.from({ length: n }, () => `${tag}-${++eventCounter}`);

const native = (ingest: RunningIngest, key: string, eventIds: string[]) =>
  postTo(ingest.url, '/v1/events', JSON.stringify({ events: eventIds.map((id) => ({ id, event: 'Clicked', userId: 'u1' })) }), {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
  });

const segmentBatch = (ingest: RunningIngest, key: string, eventIds: string[]) =>
  postTo(ingest.url, '/v1/batch', JSON.stringify({ batch: eventIds.map((messageId) => ({ type: 'track', event: 'Clicked', userId: 'u1', messageId })) }), {
    authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    'content-type': 'application/json',
  });

const posthogBatch = (ingest: RunningIngest, key: string, eventIds: string[]) =>
  postTo(ingest.url, '/batch/', JSON.stringify({ api_key: key, batch: eventIds.map((uuid) => ({ event: 'clicked', distinct_id: 'd1', uuid, properties: {} })) }), {
    'content-type': 'application/json',
  });

/** All pages of a project's keys, following the cursors. */
async function allKeys(stack: IngestStack, projectId: string, first: number): Promise<{ keys: WriteKeyDto[]; totals: number[] }> {
  const keys: WriteKeyDto[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await stack.rpc.request(RPC.ingestWriteKeysList, { projectId, first, ...(after !== undefined && { after }) });
    keys.push(...page.edges.map((e) => e.node));
    totals.push(page.totalCount);
    if (!page.hasNextPage) return { keys, totals };
    after = page.edges[page.edges.length - 1]?.cursor;
  }
}

function expectRefused(answer: CollectorAnswer, status: number, retryAfter: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('retry-after')).toBe(retryAfter);
  expect(answer.json).toMatchObject({ error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: Number(retryAfter), eventsPerSecond: 5, burst: 10 } } });
}

// Several clients share the database at once: PostgreSQL only (see sharedDatabaseKinds).
describeOnSharedDatabases()('write keys on %s (real nats-server, two ingest replicas on one database)', (kind: DatabaseKind) => {
  let stack: IngestStack;
  let a: RunningIngest;
  let b: RunningIngest;
  let project: CreateProjectReply;

  beforeAll(async () => {
    stack = await startIngestStack(kind, { sharedDatabase: true });
    a = await stack.startIngest();
    b = await stack.startIngest();
    project = await stack.rpc.request(RPC.ingestProjectsCreate, { name: 'Keys' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("lists the project's first key as `default`, by its prefix, never the key itself", async () => {
    const { edges, totalCount, hasNextPage } = await stack.rpc.request(RPC.ingestWriteKeysList, { projectId: project.project.id });
    expect(totalCount).toBe(1);
    expect(hasNextPage).toBe(false);
    expect(edges).toHaveLength(1);
    const key = edges[0]?.node;
    expect(key).toMatchObject({ projectId: project.project.id, name: 'default', prefix: project.writeKey.slice(0, 11), revokedAt: null });
    expect(JSON.stringify(edges)).not.toContain(project.writeKey);
  });

  it('creates a second key (returned once); both keys authenticate on both replicas, and the stream has their events', async () => {
    const second = await stack.rpc.request(RPC.ingestWriteKeysCreate, { projectId: project.project.id, name: '  web app  ' });
    expect(second.key).toMatch(/^wk_[A-Za-z0-9_-]{32}$/);
    expect(second.key).not.toBe(project.writeKey);
    expect(second.writeKey).toMatchObject({ projectId: project.project.id, name: 'web app', prefix: second.key.slice(0, 11), revokedAt: null, lastUsedAt: null });

    const sent: string[] = [];
    for (const replica of [a, b]) {
      for (const key of [project.writeKey, second.key]) {
        const eventIds = ids(1, 'both');
        expect(await native(replica, key, eventIds)).toMatchObject({ status: 200, json: { accepted: 1 } });
        sent.push(...eventIds);
      }
    }
    const streamed = await stack.streamedEvents();
    expect(streamed.filter((e) => sent.includes(e.id)).map((e) => [e.id, e.projectId])).toEqual(sent.map((id) => [id, project.project.id]));
  });

  it('records when a key was last used (best effort, shortly after the request)', async () => {
    let first: WriteKeyDto | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      first = (await stack.rpc.request(RPC.ingestWriteKeysList, { projectId: project.project.id, first: 1 })).edges[0]?.node;
      if (first?.lastUsedAt) break;
      await sleep(100);
    }
    expect(first?.name).toBe('default');
    expect(Date.parse(first?.lastUsedAt ?? '')).toBeGreaterThan(Date.parse(project.project.createdAt) - 1);
  });

  it('revokes a key: both replicas answer 401 WRITE_KEY_INVALID within 1 s, the other key keeps working, revoking again answers the same key', async () => {
    const rotated = await stack.rpc.request(RPC.ingestWriteKeysCreate, { projectId: project.project.id, name: 'to revoke' });
    // Both replicas have the key in their cache (as accepted) before the revocation.
    for (const replica of [a, b]) expect((await native(replica, rotated.key, ids(1, 'warm'))).status).toBe(200);
    await sleep(200); // the last-use writes of that first use (PGlite: no two connections query at once)

    const started = performance.now();
    const revoked = await stack.rpc.request(RPC.ingestWriteKeysRevoke, { projectId: project.project.id, writeKeyId: rotated.writeKey.id });
    expect(revoked.writeKey).toMatchObject({ id: rotated.writeKey.id, name: 'to revoke' });
    expect(revoked.writeKey.revokedAt).not.toBeNull();

    const refusedAfterMs = new Map<RunningIngest, number>();
    while (refusedAfterMs.size < 2 && performance.now() - started < 5_000) {
      for (const replica of [a, b]) {
        if (refusedAfterMs.has(replica)) continue;
        const answer = await native(replica, rotated.key, ids(1, 'race'));
        if (answer.status === 401) {
          expect(answer.json).toMatchObject({ error: { code: 'WRITE_KEY_INVALID' } });
          refusedAfterMs.set(replica, performance.now() - started);
        } else {
          expect(answer.status).toBe(200); // still within the 500 ms this replica trusts its answer
        }
      }
    }
    expect(refusedAfterMs.size).toBe(2);
    for (const ms of refusedAfterMs.values()) expect(ms).toBeLessThan(1_000);
    // It stays refused, and the project's other key is untouched, on both replicas.
    for (const replica of [a, b]) {
      expect(await native(replica, rotated.key, ids(1, 'after'))).toMatchObject({ status: 401, json: { error: { code: 'WRITE_KEY_INVALID' } } });
      expect((await native(replica, project.writeKey, ids(1, 'other'))).status).toBe(200);
    }

    const again = await stack.rpc.request(RPC.ingestWriteKeysRevoke, { projectId: project.project.id, writeKeyId: rotated.writeKey.id });
    expect(again.writeKey).toEqual(revoked.writeKey);
  });

  it('answers NOT_FOUND for an unknown key or a key of another project, and coded errors for bad requests', async () => {
    const other = await stack.rpc.request(RPC.ingestProjectsCreate, { name: 'Other' });
    const [otherKey] = (await stack.rpc.request(RPC.ingestWriteKeysList, { projectId: other.project.id })).edges;
    await expect(stack.rpc.request(RPC.ingestWriteKeysRevoke, { projectId: project.project.id, writeKeyId: UNKNOWN_ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      stack.rpc.request(RPC.ingestWriteKeysRevoke, { projectId: project.project.id, writeKeyId: otherKey?.node.id ?? UNKNOWN_ID }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The other project's key was not touched.
    expect((await native(a, other.writeKey, ids(1, 'other-project'))).status).toBe(200);

    await expect(stack.rpc.request(RPC.ingestWriteKeysCreate, { projectId: UNKNOWN_ID, name: 'x' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(stack.rpc.request(RPC.ingestWriteKeysList, { projectId: UNKNOWN_ID })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(stack.rpc.request(RPC.ingestWriteKeysCreate, { projectId: project.project.id, name: '   ' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'name' },
    });
    await expect(stack.rpc.request(RPC.ingestWriteKeysCreate, { projectId: project.project.id, name: 'x'.repeat(101) })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(stack.rpc.request(RPC.ingestWriteKeysList, { projectId: project.project.id, first: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists keys page by page in creation order, revoked ones included, and refuses a cursor it did not make', async () => {
    const listed = await stack.rpc.request(RPC.ingestProjectsCreate, { name: 'Listed' });
    const created = [];
    for (const name of ['k1', 'k2', 'k3', 'k4']) created.push(await stack.rpc.request(RPC.ingestWriteKeysCreate, { projectId: listed.project.id, name }));
    await stack.rpc.request(RPC.ingestWriteKeysRevoke, { projectId: listed.project.id, writeKeyId: created[1]?.writeKey.id ?? UNKNOWN_ID });

    const { keys, totals } = await allKeys(stack, listed.project.id, 2);
    expect(keys.map((k) => k.name)).toEqual(['default', 'k1', 'k2', 'k3', 'k4']);
    expect(totals).toEqual([5, 5, 5]);
    expect(keys.map((k) => k.revokedAt !== null)).toEqual([false, false, true, false, false]);
    const sorted = [...keys].sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id));
    expect(sorted).toEqual(keys);

    await expect(stack.rpc.request(RPC.ingestWriteKeysList, { projectId: listed.project.id, after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'after' },
    });
    const forged = Buffer.from(JSON.stringify(['write-keys', "2026-01-01T00:00:00.000000Z'; --", UNKNOWN_ID])).toString('base64url');
    await expect(stack.rpc.request(RPC.ingestWriteKeysList, { projectId: listed.project.id, after: forged })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'after' },
    });
  });
});

describe.each(databaseKinds())('rate limit per write key on %s (real nats-server)', (kind: DatabaseKind) => {
  let stack: IngestStack;
  let ingest: RunningIngest;
  let project: CreateProjectReply;
  const newKey = async (name: string) => (await stack.rpc.request(RPC.ingestWriteKeysCreate, { projectId: project.project.id, name })).key;

  beforeAll(async () => {
    stack = await startIngestStack(kind);
    ingest = await stack.startIngest({ rateLimit: { eventsPerSecond: 5, burst: 10 } });
    project = await stack.rpc.request(RPC.ingestProjectsCreate, { name: 'Limited' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    ['native', 429, native],
    ['Segment batch', 429, segmentBatch],
    // posthog-js retries only 5xx and network errors; posthog-node retries 429 and 5xx alike.
    ['PostHog /batch', 503, posthogBatch],
  ] as const)('%s: over the limit answers %i RATE_LIMITED with Retry-After, stores nothing of refused requests, and refills', async (door, status, send) => {
    const key = await newKey(`door ${door}`);
    const accepted: string[] = [];
    const refused: string[] = [];

    const burst = ids(10, 'burst');
    expect((await send(ingest, key, burst)).status).toBe(200);
    accepted.push(...burst);

    const over = ids(1, 'over');
    const first = await send(ingest, key, over);
    expectRefused(first, status, '1');
    expect(first.json).toMatchObject({ error: { details: { events: 1 } } });
    // analytics.js reads X-RateLimit-Reset; browsers may read both headers only when they are exposed.
    expect(first.headers.get('x-ratelimit-reset')).toBe('1');
    expect(first.headers.get('access-control-expose-headers')).toBe('Retry-After, X-RateLimit-Reset');
    refused.push(...over);
    const more = ids(4, 'over');
    expectRefused(await send(ingest, key, more), status, '1');
    refused.push(...more);

    // Another key of the same project has its own bucket.
    const other = ids(3, 'other-key');
    expect((await send(ingest, await newKey(`other ${door}`), other)).status).toBe(200);
    accepted.push(...other);

    await sleep(1_100); // 5.5 tokens back
    const refilled = ids(5, 'refilled');
    expect((await send(ingest, key, refilled)).status).toBe(200);
    accepted.push(...refilled);

    const streamed = new Set((await stack.streamedEvents()).map((e) => e.id));
    expect(accepted.filter((id) => !streamed.has(id))).toEqual([]);
    expect(refused.filter((id) => streamed.has(id))).toEqual([]);
  });

  it('admits a request bigger than the burst from a full bucket, and the key then waits out the debt', async () => {
    const key = await newKey('big batch');
    const big = ids(15, 'big');
    expect(await native(ingest, key, big)).toMatchObject({ status: 200, json: { accepted: 15 } });
    // 10 − 15 = −5 tokens: one more event needs 6 tokens at 5/s → 2 s.
    const after = ids(1, 'after-big');
    expectRefused(await native(ingest, key, after), 429, '2');
    const streamed = new Set((await stack.streamedEvents()).map((e) => e.id));
    expect(big.every((id) => streamed.has(id))).toBe(true);
    expect(streamed.has(after[0] ?? '')).toBe(false);
  });
});

// Several clients share the database at once: PostgreSQL only (see sharedDatabaseKinds).
describeOnSharedDatabases()('write keys stored before hashing, on %s', (kind: DatabaseKind) => {
  let stack: IngestStack;
  const projectId = randomUUID();
  const activeKey = `wk_${randomBytes(24).toString('base64url')}`;
  const revokedKey = `wk_${randomBytes(24).toString('base64url')}`;

  beforeAll(async () => {
    stack = await startIngestStack(kind, { sharedDatabase: true });
    // The schema as it was before the hashing migration, with keys stored as given.
    const old = new DataSource(
      buildDataSourceOptions(stack.db, { entities: [], migrations: [CreateProjects1763700000000, AddProjectTimeZone1763800000000] }),
    );
    await old.initialize();
    try {
      await old.query(`INSERT INTO projects (id, name, created_at) VALUES ($1, 'Legacy', '2025-01-01T00:00:00Z')`, [projectId]);
      await old.query(
        `INSERT INTO write_keys (key, project_id, created_at, revoked_at) VALUES ($1, $3, '2025-01-02T00:00:00Z', NULL), ($2, $3, '2025-01-03T00:00:00Z', '2025-02-01T00:00:00Z')`,
        [activeKey, revokedKey, projectId],
      );
    } finally {
      await old.destroy();
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('keeps an existing key working after the migration (hashed in SQL, named default), and a revoked one revoked', async () => {
    const ingest = await stack.startIngest(); // runs the migration
    const eventIds = ids(1, 'legacy');
    expect(await native(ingest, activeKey, eventIds)).toMatchObject({ status: 200, json: { accepted: 1 } });
    expect(await native(ingest, revokedKey, ids(1, 'legacy-revoked'))).toMatchObject({ status: 401, json: { error: { code: 'WRITE_KEY_INVALID' } } });
    expect((await stack.streamedEvents()).filter((e) => e.id === eventIds[0]).map((e) => e.projectId)).toEqual([projectId]);

    const { edges } = await stack.rpc.request(RPC.ingestWriteKeysList, { projectId });
    expect(edges.map((e) => [e.node.name, e.node.prefix, e.node.createdAt, e.node.revokedAt])).toEqual([
      ['default', activeKey.slice(0, 11), '2025-01-02T00:00:00.000Z', null],
      ['default', revokedKey.slice(0, 11), '2025-01-03T00:00:00.000Z', '2025-02-01T00:00:00.000Z'],
    ]);
    await sleep(200); // the key's last-use write (PGlite: no two connections query at once)

    // Only the hash is stored: the plain key column is gone.
    const client = new Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      const columns = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'write_keys' ORDER BY column_name`,
      );
      expect(columns.rows.map((r) => r.column_name)).toEqual(['created_at', 'id', 'key_hash', 'key_prefix', 'last_used_at', 'name', 'project_id', 'revoked_at']);
      const hashes = await client.query<{ key_hash: string }>(`SELECT key_hash FROM write_keys WHERE project_id = $1 ORDER BY created_at`, [projectId]);
      expect(hashes.rows.map((r) => r.key_hash)).toEqual([activeKey, revokedKey].map((k) => createHash('sha256').update(k).digest('hex')));
    } finally {
      await client.end();
    }
  });
});
