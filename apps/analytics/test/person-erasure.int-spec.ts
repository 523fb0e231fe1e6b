import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type JetStreamManager, type NatsConnection, connect } from 'nats';
import {
  type AuditActionMessage,
  type CanonicalEvent,
  type ErasePersonReply,
  type ErasePersonRequest,
  RPC,
  STREAMS,
  SUBJECTS,
  type TrendRequest,
} from '@fulcrum/contracts';
import { RpcClient, ensureStream, envelopeFromHeaders, natsClientOptions } from '@fulcrum/messaging';
import { type TempDir, type TestNats, makeTempDir, startTestNats, testEnvelope } from '@fulcrum/testing';
import { type RunningAnalytics, bootstrapAnalytics } from '../src/analytics.bootstrap';
import { DuckDbDatabase } from '../src/duckdb/duckdb.database';

/**
 * GDPR erasure of a person, end to end: the service's RPC, its DuckDB file, and the EVENTS stream
 * it is rebuilt from. Alice (anonymous id → user id by identify) and Bob share stream messages.
 */
describe('person erasure (real nats-server, real analytics service and DuckDB file)', () => {
  const projectId = randomUUID();
  const ALICE_ANON = 'anon-alice-7f';
  const ALICE = 'user-alice@example.com';
  const BOB_ANON = 'anon-bob-3c';
  const BOB = 'user-bob@example.com';
  /** Who erases: a user, in the request envelope (the payload names no actor). */
  const CLEO = testEnvelope({ actorId: 'user:5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d', actorName: 'Cleo Compliance' });
  let nats: TestNats;
  let dir: TempDir;
  let analytics: RunningAnalytics;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let rpc: RpcClient;
  let proxy: ClientProxy;
  const config = () => ({ natsUrl: nats.url, duckdbPath: join(dir.path, 'analytics.duckdb'), maxMessagesPerBatch: 50 });

  function ev(id: string, ids: { userId?: string; anonymousId?: string }, day: string, type: CanonicalEvent['type'] = 'track', properties: Record<string, unknown> = {}): CanonicalEvent {
    const ts = `2026-03-${day}T10:00:00.000Z`;
    return { id, projectId, type, event: type === 'track' ? 'viewed' : `$${type}`, ...ids, timestamp: ts, receivedAt: ts, properties, context: {} };
  }
  /** `"$BIG"` in the JSON becomes an integer JavaScript cannot hold exactly (as a client may send). */
  async function publish(events: CanonicalEvent[]): Promise<number> {
    const json = JSON.stringify({ v: 1, batchId: randomUUID(), projectId, events }).replace('"$BIG"', '12345678901234567890');
    return (await nc.jetstream().publish(SUBJECTS.eventsAccepted, Buffer.from(json))).seq;
  }
  async function settled(seq: number): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await rpc.request(RPC.analyticsEventCatalogGet, { projectId });
      if (BigInt(r.dataVersion) >= BigInt(seq)) return r.dataVersion;
      if (Date.now() > deadline) throw new Error(`data version stuck at ${r.dataVersion}, wanted ${seq}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const trend = (math: 'UNIQUE_PERSONS' | 'TOTAL', asOfDataVersion?: string): TrendRequest => ({
    projectId,
    timeZone: 'UTC',
    query: { series: [{ event: 'viewed', math }], interval: 'DAY', dateRange: { from: '2026-03-01', to: '2026-03-03' } },
    ...(asOfDataVersion === undefined ? {} : { asOfDataVersion }),
  });
  async function eventRows(asOfDataVersion?: string): Promise<unknown[][]> {
    return (
      await rpc.request(RPC.analyticsSqlRun, {
        projectId,
        query: 'SELECT id, person_id, distinct_id FROM events ORDER BY id',
        ...(asOfDataVersion === undefined ? {} : { asOfDataVersion }),
      })
    ).rows;
  }
  /** Every message left in the EVENTS stream, as text (headers included). */
  async function streamTexts(): Promise<string[]> {
    const { state } = await jsm.streams.info(STREAMS.events.name);
    const texts: string[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(STREAMS.events.name, { seq }).catch(() => undefined);
      if (m) texts.push(`${m.header ? [...m.header].map(([k, v]) => `${k}: ${v.join(',')}`).join('\n') : ''}\n${m.string()}`);
    }
    return texts;
  }

  beforeAll(async () => {
    nats = await startTestNats();
    dir = makeTempDir();
    nc = await connect({ servers: nats.url });
    jsm = await nc.jetstreamManager();
    await ensureStream(jsm, STREAMS.events);
    analytics = await bootstrapAnalytics(config());
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'test') });
    rpc = new RpcClient(proxy, 30_000, { defaultEnvelope: testEnvelope });
  });

  afterAll(async () => {
    await proxy?.close();
    await analytics?.close();
    await nc?.close();
    await nats?.stop();
    dir?.remove();
  });

  let erasure: ErasePersonReply;
  let analysisId: string;
  let savedVersion: string;
  let bobBefore: { total: number; rows: unknown[][] };

  it('erases Alice from DuckDB and from every stream message, with exact counts; Bob stays', async () => {
    await publish([ev('bob-e0', { userId: BOB, anonymousId: BOB_ANON }, '01', 'identify')]);
    // mixed messages
    await publish([ev('alice-e1', { anonymousId: ALICE_ANON }, '01'), ev('bob-e1', { userId: BOB }, '01', 'track', { cents: '$BIG' })]);
    await publish([ev('alice-e2', { userId: ALICE, anonymousId: ALICE_ANON }, '01', 'identify'), ev('bob-e2', { userId: BOB }, '02'), ev('alice-e3', { userId: ALICE }, '02')]);
    // only Alice's events; alice-e6 asks to merge Bob's anonymous id into Alice: refused (ALREADY_MERGED)
    await publish([ev('alice-e4', { userId: ALICE }, '03'), ev('alice-e5', { anonymousId: ALICE_ANON }, '03'), ev('alice-e6', { userId: ALICE, anonymousId: BOB_ANON }, '03')]);
    await publish([ev('bob-e3', { userId: BOB }, '03')]);
    // rejected: not a valid batch (no batchId), but it carries Alice's id
    await nc.jetstream().publish(SUBJECTS.eventsAccepted, Buffer.from(JSON.stringify({ v: 1, projectId, events: [{ id: 'x', userId: ALICE }] })));
    // a valid message whose one event is set aside alone (February 30): a copy of Alice's event in rejected_events
    await publish([{ ...ev('alice-e7', { userId: ALICE }, '03'), timestamp: '2026-02-30T10:00:00.000Z' }]);
    // alice-e1 published again later in another message (another batch, no common Nats-Msg-Id): a duplicate DuckDB ignores
    const last = await publish([ev('alice-e1', { anonymousId: ALICE_ANON }, '01'), ev('bob-e5', { userId: BOB }, '02')]);
    savedVersion = await settled(last);

    expect((await rpc.request(RPC.analyticsIdentityConflictsList, { projectId })).edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ eventId: 'alice-e6', sourceId: BOB_ANON, targetId: ALICE, reason: 'ALREADY_MERGED', existingPersonId: BOB }),
    ]);
    const before = await rpc.request(RPC.analyticsTrendGet, trend('UNIQUE_PERSONS'));
    expect(before.series[0]?.data).toEqual([2, 2, 2]);
    expect((await rpc.request(RPC.analyticsTrendGet, trend('TOTAL'))).series[0]?.total).toBe(9);
    const { analysis } = await rpc.request(RPC.analyticsAnalysesSave, {
      projectId,
      timeZone: 'UTC',
      title: 'Viewers per day',
      narrative: 'before the erasure',
      insight: { kind: 'TREND', query: trend('UNIQUE_PERSONS').query as unknown as Record<string, unknown> },
    });
    analysisId = analysis.id;

    erasure = await rpc.request(RPC.analyticsPersonErase, { projectId, distinctId: ALICE_ANON, reason: 'GDPR request #42' }, { envelope: CLEO });
    expect(erasure).toEqual({
      erasureId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      erasedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      distinctIds: 2,
      // six stored events and the copy set aside in rejected_events
      eventsErased: 7,
      // the two mixed messages and the duplicate's message keep Bob's events in a copy
      streamMessagesRewritten: 3,
      // Alice-only message, the one holding her set-aside event, and the rejected one
      streamMessagesDeleted: 3,
      rejectedMessagesDeleted: 1,
      dataVersion: savedVersion,
      auditPublished: true,
    });

    // Bob's events, all of them, at their original positions; nothing of Alice's
    const { state } = await jsm.streams.info(STREAMS.events.name);
    await settled(state.last_seq);
    expect(await eventRows()).toEqual([
      ['bob-e0', BOB, BOB],
      ['bob-e1', BOB, BOB],
      ['bob-e2', BOB, BOB],
      ['bob-e3', BOB, BOB],
      ['bob-e5', BOB, BOB],
    ]);
    expect(await eventRows(savedVersion)).toEqual(await eventRows());
    const after = await rpc.request(RPC.analyticsTrendGet, trend('UNIQUE_PERSONS'));
    expect(after.series[0]?.data).toEqual([1, 1, 1]);
    const total = await rpc.request(RPC.analyticsTrendGet, trend('TOTAL'));
    expect(total.series[0]?.total).toBe(4);
    expect((await rpc.request(RPC.analyticsIdentityConflictsList, { projectId })).totalCount).toBe(0);
    bobBefore = { total: total.series[0]?.total ?? -1, rows: await eventRows() };

    // the stream: no message mentions Alice anywhere (data or headers); Bob's copies are exact
    const texts = await streamTexts();
    expect(texts.filter((t) => /alice/i.test(t))).toEqual([]);
    const copies = texts.filter((t) => t.includes('Fulcrum-Redaction-Of'));
    expect(copies).toHaveLength(3);
    expect(copies.every((t) => t.includes(`Nats-Msg-Id: redaction:${erasure.erasureId}:`))).toBe(true);
    // ... and carry the envelope of the erasure request that caused them
    expect(copies.every((t) => t.includes(`X-Request-Id: ${CLEO.requestId}`) && t.includes(`Fulcrum-Actor: ${CLEO.actorId}`))).toBe(true);
    // a kept event's text is copied as sent (a JSON round trip would print 12345678901234567000)
    expect(copies.filter((t) => t.includes('"cents":12345678901234567890'))).toHaveLength(1);
  });

  it('names the erasure when an analysis saved before is reproduced', async () => {
    const reproduction = await rpc.request(RPC.analyticsAnalysesReproduce, { projectId, analysisId });
    expect(reproduction.identical).toBe(false);
    expect(reproduction.dataVersion).toBe(savedVersion);
    expect(reproduction.differences).toContain('series');
    expect(reproduction.erasures).toEqual([{ id: erasure.erasureId, erasedAt: erasure.erasedAt, eventsErased: 7, reason: 'GDPR request #42' }]);
  });

  it('puts person.erased on the AUDIT stream with the person hash only, in the envelope of the erasure request', async () => {
    const stored = await jsm.streams.getMessage(STREAMS.audit.name, { last_by_subj: SUBJECTS.auditActionRecorded });
    expect(stored.header?.get('Nats-Msg-Id')).toBe(erasure.erasureId);
    expect(envelopeFromHeaders(stored.header)).toEqual({
      actorId: CLEO.actorId,
      actorName: 'Cleo Compliance',
      projectId,
      requestId: CLEO.requestId,
      traceparent: expect.stringMatching(new RegExp(`^00-${CLEO.traceparent.split('-')[1]}-[0-9a-f]{16}-`)),
    });
    const text = stored.string();
    expect(text).not.toMatch(/alice/i);
    const hash = createHash('sha256').update(`${projectId}\n${ALICE}`).digest('hex');
    // Who asked is the envelope (headers above), not the payload: message version 2.
    expect(JSON.parse(text) as AuditActionMessage).toEqual({
      v: 2,
      id: erasure.erasureId,
      at: erasure.erasedAt,
      action: 'person.erased',
      subject: `person:${hash}`,
      payload: {
        projectId,
        erasureId: erasure.erasureId,
        distinctIds: 2,
        eventsErased: 7,
        streamMessagesRewritten: 3,
        streamMessagesDeleted: 3,
        rejectedMessagesDeleted: 1,
        reason: 'GDPR request #42',
      },
    });
  });

  it('answers NOT_FOUND for an erased or unknown person and VALIDATION_FAILED for a bad request', async () => {
    for (const distinctId of [ALICE, ALICE_ANON, 'nobody-ever-seen']) {
      await expect(rpc.request(RPC.analyticsPersonErase, { projectId, distinctId, reason: 'again' }, { envelope: CLEO })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    for (const bad of [
      { projectId, distinctId: BOB, reason: '' },
      { projectId, distinctId: BOB, reason: '   ' },
      { projectId, distinctId: '', reason: 'r' },
      { projectId: 'not-a-uuid', distinctId: BOB, reason: 'r' },
      // the actor travels in the envelope only: the retired payload field is refused
      { projectId, distinctId: BOB, reason: 'r', actor: 'token:t9:Cleo' },
    ]) {
      await expect(rpc.request(RPC.analyticsPersonErase, bad as ErasePersonRequest, { envelope: CLEO })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    // nothing of Bob was touched by the refused requests
    expect(await eventRows()).toEqual(bobBefore.rows);
  });

  it('leaves no trace of Alice in any DuckDB table, and re-publishes an unacknowledged audit action on start', async () => {
    await analytics.close();
    const db = await DuckDbDatabase.open(config().duckdbPath);
    try {
      const tables = (await db.writer.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name`)).getRowObjectsJS();
      expect(tables.map((t) => t['table_name'])).toEqual(expect.arrayContaining(['duplicate_deliveries', 'erasures', 'events', 'identified_ids', 'identity_conflicts', 'identity_links', 'rejected_events', 'rejected_messages']));
      // the probe sees a row's every column (positive control: Bob's email is in his events and links)
      const probe = (table: string, text: string) => db.writer.runAndReadAll(`SELECT count(*) AS n FROM "${table}" t WHERE contains(lower(CAST(t AS VARCHAR)), $1)`, [text]);
      expect(Number((await probe('events', 'user-bob@example.com')).getRowObjectsJS()[0]?.['n'])).toBe(5);
      expect(Number((await probe('identity_links', 'user-bob@example.com')).getRowObjectsJS()[0]?.['n'])).toBe(1);
      for (const t of tables) {
        const name = String(t['table_name']);
        const hits = (await probe(name, 'alice')).getRowObjectsJS();
        expect([name, Number(hits[0]?.['n'])]).toEqual([name, 0]);
      }
      // Bob's re-deliveries (the redacted copies) are known; Alice's duplicate is gone with her
      const duplicates = (await db.writer.runAndReadAll(`SELECT event_id FROM duplicate_deliveries ORDER BY event_id`)).getRowObjectsJS();
      expect(duplicates.map((d) => d['event_id'])).toEqual(['bob-e1', 'bob-e2', 'bob-e5']);
      // as if the process had died between the commit and the audit publication
      await db.writer.run(`UPDATE erasures SET audit_published = false`);
    } finally {
      db.close();
    }
    analytics = await bootstrapAnalytics(config());
    await analytics.close();
    const reopened = await DuckDbDatabase.open(config().duckdbPath);
    try {
      const rows = (
        await reopened.writer.runAndReadAll(`SELECT id, audit_published, person_hash, requested_by, requested_by_name, request_id FROM erasures`)
      ).getRowObjectsJS();
      expect(rows).toEqual([
        {
          id: erasure.erasureId,
          audit_published: true,
          person_hash: createHash('sha256').update(`${projectId}\n${ALICE}`).digest('hex'),
          requested_by: CLEO.actorId,
          requested_by_name: 'Cleo Compliance',
          request_id: CLEO.requestId,
        },
      ]);
    } finally {
      reopened.close();
    }
    // the same id within the dedupe window: still one action on the AUDIT stream
    expect((await jsm.streams.info(STREAMS.audit.name)).state.messages).toBe(1);
    analytics = await bootstrapAnalytics(config());
  });

  it('rebuilds a lost DuckDB file from the stream without Alice, to the same counts of Bob', async () => {
    const { state } = await jsm.streams.info(STREAMS.events.name);
    await analytics.close();
    rmSync(config().duckdbPath, { force: true });
    rmSync(`${config().duckdbPath}.wal`, { force: true });
    analytics = await bootstrapAnalytics(config());
    // deleted positions never arrive: the rebuilt store must still reach the stream's end
    expect(await settled(state.last_seq)).toBe(String(state.last_seq));
    expect(await eventRows()).toEqual(bobBefore.rows);
    expect((await rpc.request(RPC.analyticsTrendGet, trend('TOTAL'))).series[0]?.total).toBe(bobBefore.total);
    expect((await rpc.request(RPC.analyticsTrendGet, trend('UNIQUE_PERSONS'))).series[0]?.data).toEqual([1, 1, 1]);
    expect((await rpc.request(RPC.analyticsIdentityConflictsList, { projectId })).totalCount).toBe(0);
    await expect(rpc.request(RPC.analyticsPersonErase, { projectId, distinctId: ALICE, reason: 'after rebuild' }, { envelope: CLEO })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
