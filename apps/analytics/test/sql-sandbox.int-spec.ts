import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBTimestampTZValue as TimestampTZ } from '@duckdb/node-api';
import fc from 'fast-check';
import { CONSUMERS, DomainError, type ErrorCode, type SqlQueryReplyDto, type SqlQueryRequest } from '@fulcrum/contracts';
import { DuckDbDatabase } from '../src/duckdb/duckdb.database';
import { SANDBOX_VALUE_LIMITS } from '../src/sql-sandbox/sandbox.limits';
import { SANDBOX_TABLE_FUNCTIONS, isAllowedFunctionName } from '../src/sql-sandbox/sandbox.allow-list';
import { SandboxQueryRunner } from '../src/sql-sandbox/sandbox-query.runner';
import { EVENTS_VIEW_COLUMNS, PERSONS_VIEW_COLUMNS, sandboxStandInViewsSql, sandboxViewsSql, wrapUserQuery } from '../src/sql-sandbox/sandbox-views.sql';
import { SqlParams, type SqlValue } from '../src/insights/core/sql-params';
import { assertAllowedPlan } from '../src/sql-sandbox/sql-plan.guard';
import { asOf, byTimeThenId, normalise, personOf, personProperties } from './insights/reference/common.reference';
import type { TestEvent } from './insights/support/insight-test-db';

/**
 * The SQL sandbox against a real DuckDB file (so that file access is really there to be refused):
 * what is refused and with which code, that another project is never visible, the views' contents
 * (persons checked against the brute-force reference), limits (time, memory, value sizes), JSON-safe
 * values, data versions.
 */
describe('SQL sandbox (real DuckDB file)', () => {
  const CURRENT_VERSION = 10;
  /** Small, so that memory-hungry queries reach it in a second or two on a shared 2-core machine. */
  const MEMORY_LIMIT = 256 * 1024 * 1024;
  let dir: string;
  let db: DuckDbDatabase;
  let runner: SandboxQueryRunner;
  let projectA: string;
  let projectB: string;
  let inCsv: string;

  const projectAEvents: TestEvent[] = [
    {
      id: 'a1',
      event: '$pageview',
      distinctId: 'anon-1',
      personId: 'user-1',
      personLinkSeq: 4,
      timestamp: '2026-01-01T10:00:00.000Z',
      seq: 1,
      properties: { $browser: 'Firefox', $set_once: { source: 'ad' } },
    },
    { id: 'a2', event: '$identify', distinctId: 'user-1', timestamp: '2026-01-01T10:05:00.000Z', seq: 4, properties: { plan: 'free', email: 'a@x.io' } },
    {
      id: 'a3',
      event: 'purchase',
      distinctId: 'user-1',
      timestamp: '2026-01-02T09:00:00.000Z',
      seq: 6,
      properties: { amount: 30, $set: { plan: 'pro' }, $set_once: { source: 'organic' } },
    },
    { id: 'a4', event: '$pageview', distinctId: 'anon-2', timestamp: '2026-01-02T10:00:00.000Z', seq: 7, properties: {} },
    // Above the current data version: never visible.
    { id: 'a5', event: 'purchase', distinctId: 'user-1', timestamp: '2026-01-03T00:00:00.000Z', seq: 12, properties: { amount: 99 } },
  ];
  // Another project, with the same person id and secrets everywhere.
  const projectBEvents: TestEvent[] = [
    { id: 'b1', event: 'secret', distinctId: 'user-1', timestamp: '2026-01-01T00:00:00.000Z', seq: 2, properties: { $set: { plan: 'SECRET-B' }, note: 'SECRET-B' } },
    { id: 'b2', event: 'secret', distinctId: 'b-secret-anon', personId: 'user-1', personLinkSeq: 3, timestamp: '2026-01-01T00:00:01.000Z', seq: 3, properties: {} },
    { id: 'b3', event: '$identify', distinctId: 'b-secret-user', timestamp: '2026-01-05T00:00:00.000Z', seq: 5, properties: { email: 'SECRET-B' } },
  ];

  async function insertEvents(events: readonly TestEvent[], projectId: string = randomUUID()): Promise<string> {
    const appender = await db.writer.createAppender('events');
    try {
      for (const e of events) {
        const ts = new TimestampTZ(BigInt(Date.parse(e.timestamp)) * 1000n);
        const anonymous = e.distinctId.startsWith('anon') || e.distinctId.includes('-anon');
        appender.appendVarchar(projectId);
        appender.appendVarchar(e.id ?? randomUUID());
        appender.appendVarchar(e.event === '$identify' ? 'identify' : 'track');
        appender.appendVarchar(e.event);
        if (anonymous) appender.appendNull();
        else appender.appendVarchar(e.distinctId); // user_id
        if (anonymous) appender.appendVarchar(e.distinctId);
        else appender.appendNull(); // anonymous_id
        appender.appendTimestampTZ(ts);
        appender.appendTimestampTZ(ts);
        appender.appendNull(); // sent_at
        appender.appendVarchar(JSON.stringify(e.properties ?? {}));
        appender.appendVarchar(JSON.stringify({ library: { name: 'test' } }));
        appender.appendUBigInt(BigInt(e.seq ?? 1));
        appender.appendVarchar(e.distinctId);
        if (e.personId !== undefined && e.personLinkSeq !== undefined) {
          appender.appendVarchar(e.personId);
          appender.appendUBigInt(BigInt(e.personLinkSeq));
        } else {
          appender.appendNull();
          appender.appendNull();
        }
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
    return projectId;
  }

  const run = (query: string, extra: Partial<SqlQueryRequest> = {}): Promise<SqlQueryReplyDto> => runner.run({ projectId: projectA, query, ...extra });

  async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected a DomainError');
  }

  async function expectCode(query: string, code: ErrorCode, extra: Partial<SqlQueryRequest> = {}): Promise<DomainError> {
    const error = await errorOf(run(query, extra));
    if (error.code !== code) throw new Error(`${query}\n  expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }

  /** Rows as objects keyed by column name (last one wins on duplicates). */
  const objects = (reply: SqlQueryReplyDto): Record<string, unknown>[] =>
    reply.rows.map((r) => Object.fromEntries(reply.columns.map((c, i) => [c.name, r[i]])));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fulcrum-sql-sandbox-'));
    inCsv = join(dir, 'in.csv');
    writeFileSync(inCsv, 'x\n1\n');
    writeFileSync(join(dir, 'in.json'), '{"x": 1}\n');
    db = await DuckDbDatabase.open(join(dir, 'analytics.duckdb'), { memoryLimitBytes: MEMORY_LIMIT, maxTempDirectorySizeBytes: 256 * 1024 * 1024 });
    await db.writer.run(`INSERT INTO consumer_state VALUES ($1, $2, '[]')`, [CONSUMERS.analyticsEvents, CURRENT_VERSION]);
    projectA = await insertEvents(projectAEvents);
    projectB = await insertEvents(projectBEvents);
    runner = new SandboxQueryRunner(db);
  });

  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the views', () => {
    it('have the documented columns and types (DESCRIBE works on them)', async () => {
      const events = await run('SELECT * FROM events LIMIT 0');
      expect(events.columns.map((c) => [c.name, c.type])).toEqual(EVENTS_VIEW_COLUMNS.map(([n, t]) => [n, t === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : t]));
      const persons = await run('SELECT * FROM persons LIMIT 0');
      expect(persons.columns.map((c) => [c.name, c.type])).toEqual(PERSONS_VIEW_COLUMNS.map(([n, t]) => [n, t === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : t]));
      const described = objects(await run('DESCRIBE events'));
      expect(described.map((r) => r['column_name'])).toEqual(EVENTS_VIEW_COLUMNS.map(([n]) => n));
    });

    it('stand-in views (used by the binder check) have exactly the real views’ types', async () => {
      const typesOf = (sql: string, values: SqlValue[] = []) =>
        db.read(async (c) => (await c.runAndReadAll(sql, values)).columnTypes().map((t) => t.toString()));
      const params = new SqlParams();
      const real = wrapUserQuery(sandboxViewsSql({ projectId: projectA, dataVersion: 10n }, params), 'SELECT * FROM events, persons', '0').sql;
      const standIn = wrapUserQuery(sandboxStandInViewsSql(), 'SELECT * FROM events, persons', '0').sql;
      expect(await typesOf(standIn)).toEqual(await typesOf(real, params.values));
    });

    it('show the project’s events as of the current version, persons merged as of that version', async () => {
      const reply = await run('SELECT id, event, type, person_id, distinct_id, user_id, anonymous_id, timestamp, properties, context FROM events ORDER BY id');
      expect(reply.dataVersion).toBe(String(CURRENT_VERSION));
      expect(reply.rows).toEqual([
        ['a1', '$pageview', 'track', 'user-1', 'anon-1', null, 'anon-1', '2026-01-01T10:00:00.000Z', { $browser: 'Firefox', $set_once: { source: 'ad' } }, { library: { name: 'test' } }],
        ['a2', '$identify', 'identify', 'user-1', 'user-1', 'user-1', null, '2026-01-01T10:05:00.000Z', { plan: 'free', email: 'a@x.io' }, { library: { name: 'test' } }],
        ['a3', 'purchase', 'track', 'user-1', 'user-1', 'user-1', null, '2026-01-02T09:00:00.000Z', { amount: 30, $set: { plan: 'pro' }, $set_once: { source: 'organic' } }, { library: { name: 'test' } }],
        ['a4', '$pageview', 'track', 'anon-2', 'anon-2', null, 'anon-2', '2026-01-02T10:00:00.000Z', {}, { library: { name: 'test' } }],
      ]);
      const persons = await run('SELECT * FROM persons ORDER BY person_id');
      expect(persons.rows).toEqual([
        ['anon-2', ['anon-2'], '2026-01-02T10:00:00.000Z', '2026-01-02T10:00:00.000Z', 1, {}],
        ['user-1', ['anon-1', 'user-1'], '2026-01-01T10:00:00.000Z', '2026-01-02T09:00:00.000Z', 3, { email: 'a@x.io', plan: 'pro', source: 'ad' }],
      ]);
    });

    it('runs as of an earlier data version, and refuses one above the current version', async () => {
      const events = await run('SELECT id, person_id FROM events ORDER BY id', { asOfDataVersion: '3' });
      expect(events.dataVersion).toBe('3');
      expect(events.rows).toEqual([['a1', 'anon-1']]); // the link (seq 4) is not known yet
      const persons = await run('SELECT person_id, distinct_ids, properties FROM persons', { asOfDataVersion: '3' });
      expect(persons.rows).toEqual([['anon-1', ['anon-1'], { source: 'ad' }]]);
      expect((await run('SELECT count(*) AS n FROM events', { asOfDataVersion: '10' })).rows).toEqual([[4]]);
      const error = await expectCode('SELECT 1', 'DATA_VERSION_UNAVAILABLE', { asOfDataVersion: '11' });
      expect(error.details).toEqual({ requested: '11', current: '10' });
    });

    it('persons and person ids match the brute-force reference on random logs (property)', async () => {
      const ids = ['anon-1', 'anon-2', 'user-1', 'user-2'];
      const value = fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 }), fc.constant(null), fc.boolean());
      const props = fc.dictionary(fc.constantFrom('plan', 'src', '$set', '$set_once'), fc.oneof(value, fc.dictionary(fc.constantFrom('plan', 'src', 'x'), value, { maxKeys: 3 })), {
        maxKeys: 3,
      });
      const event = fc.record({
        event: fc.constantFrom('$identify', 'view', 'buy'),
        distinctId: fc.constantFrom(...ids),
        link: fc.option(fc.record({ personId: fc.constantFrom('user-1', 'user-2'), personLinkSeq: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
        // few distinct instants: same-timestamp ties are common
        timestamp: fc.integer({ min: 0, max: 5 }).map((m) => new Date(Date.UTC(2026, 2, 29, 0, m)).toISOString()),
        seq: fc.integer({ min: 1, max: 8 }),
        properties: props,
      });
      await fc.assert(
        fc.asyncProperty(fc.array(event, { maxLength: 30 }), fc.integer({ min: 0, max: 8 }), async (raw, version) => {
          const events: TestEvent[] = raw.map((e, i) => ({
            id: `ev-${String(i).padStart(3, '0')}`,
            event: e.event,
            distinctId: e.distinctId,
            ...(e.link && e.link.personId !== e.distinctId ? e.link : {}),
            timestamp: e.timestamp,
            seq: e.seq,
            properties: e.properties,
          }));
          const projectId = await insertEvents(events);
          const ref = normalise(events);
          const visible = asOf(ref, version).sort(byTimeThenId);
          const refProps = personProperties(ref, version);
          const expected = new Map<string, { distinct: Set<string>; first: string; last: string; count: number }>();
          for (const e of visible) {
            const p = personOf(e, version);
            const cur = expected.get(p) ?? { distinct: new Set<string>(), first: e.timestamp, last: e.timestamp, count: 0 };
            cur.distinct.add(e.distinctId);
            cur.last = e.timestamp;
            cur.count += 1;
            expected.set(p, cur);
          }
          const reply = await runner.run({ projectId, query: 'SELECT * FROM persons ORDER BY person_id', asOfDataVersion: String(version) });
          expect(reply.rows).toEqual(
            [...expected.entries()]
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([p, s]) => [p, [...s.distinct].sort(), s.first, s.last, s.count, refProps.get(p) ?? {}]),
          );
          const personIds = await runner.run({ projectId, query: 'SELECT id, person_id FROM events ORDER BY id', asOfDataVersion: String(version) });
          expect(personIds.rows).toEqual(
            [...visible].sort((a, b) => (a.id < b.id ? -1 : 1)).map((e) => [e.id, personOf(e, version)]),
          );
        }),
        { numRuns: 80 },
      );
    });
  });

  describe('isolation: another project is never visible', () => {
    const secret = (reply: SqlQueryReplyDto) => {
      const text = JSON.stringify(reply);
      return text.includes('SECRET-B') || text.includes('b-secret') || text.includes(projectB) || text.includes('"b1"');
    };

    it.each([
      ['SELECT count(*) AS n FROM events', 4],
      ['SELECT count(*) AS n FROM persons', 2],
      ['WITH events AS (SELECT * FROM events) SELECT count(*) AS n FROM events', 4],
      ['WITH persons AS (SELECT * FROM persons WHERE true) SELECT count(*) AS n FROM persons', 2],
      ['WITH a AS (SELECT * FROM events), events AS (SELECT * FROM a) SELECT count(*) AS n FROM events', 4],
      ['WITH a AS MATERIALIZED (SELECT * FROM events) SELECT count(*) AS n FROM a, (SELECT 1)', 4],
      ['SELECT (SELECT count(*) FROM events) AS n', 4],
      ['SELECT count(*) AS n FROM (SELECT * FROM (SELECT * FROM events))', 4],
      ['SELECT count(*) AS n FROM (WITH events AS (SELECT * FROM events) SELECT * FROM (WITH e2 AS (SELECT * FROM events) SELECT * FROM e2))', 4],
      ['SELECT count(*) AS n FROM events e JOIN persons p ON p.person_id = e.person_id', 4],
      ['SELECT count(*) AS n FROM (SELECT id FROM events UNION ALL SELECT person_id FROM persons)', 6],
      ['SELECT count(*) AS n FROM (SELECT id FROM events UNION SELECT id FROM events INTERSECT SELECT id FROM events)', 4],
      ['SELECT count(*) AS n FROM events WHERE EXISTS (SELECT 1 FROM events e2 WHERE e2.id = events.id)', 4],
      ['SELECT count(*) AS n FROM events WHERE id IN (SELECT id FROM events)', 4],
      ['SELECT count(*) AS n FROM events, LATERAL (SELECT count(*) AS c FROM events e2 WHERE e2.timestamp <= events.timestamp) l', 4],
      ['SELECT count(*) AS n FROM events e ASOF JOIN persons p ON e.person_id = p.person_id AND e.timestamp >= p.first_seen', 4],
      ['WITH RECURSIVE events AS (SELECT 1 AS k UNION ALL SELECT k + 1 FROM events WHERE k < 3) SELECT count(*) AS n FROM events', 3],
      ['WITH RECURSIVE r AS (SELECT 0 AS k UNION ALL SELECT k + 1 FROM r WHERE k < (SELECT count(*) FROM events)) SELECT max(k) AS n FROM r', 4],
      ['SELECT count(*) AS n FROM (SELECT unnest(list(id)) FROM events)', 4],
      ['SELECT count(*) AS n FROM unnest((SELECT list(id) FROM events))', 4],
      ["SELECT sum(c) AS n FROM (PIVOT events ON event IN ('purchase', '$pageview', '$identify', 'secret') USING count(*) GROUP BY person_id) UNPIVOT (c FOR e IN (purchase, \"$pageview\", \"$identify\", secret))", 4],
    ])('%s', async (query, n) => {
      const reply = await run(query);
      expect(reply.rows).toEqual([[n]]);
      expect(secret(reply)).toBe(false);
    });

    it.each([
      'SELECT * FROM events',
      'SELECT * FROM persons',
      'SUMMARIZE events',
      'SUMMARIZE persons',
      'SELECT * FROM events e POSITIONAL JOIN persons p',
      'SELECT json_group_array(properties) AS p, json_group_array(context) AS c FROM events',
      "SELECT * FROM persons WHERE properties->>'plan' = 'SECRET-B' OR list_contains(distinct_ids, 'b-secret-anon')",
      "SELECT * FROM events WHERE distinct_id LIKE 'b-%' OR event = 'secret'",
    ])('%s shows nothing of the other project', async (query) => {
      const reply = await run(query);
      expect(secret(reply)).toBe(false);
    });

    it('has no project_id column to filter on, and no way to name the stored table', async () => {
      await expectCode("SELECT * FROM events WHERE project_id <> ''", 'SQL_INVALID');
      await expectCode("SELECT * FROM main.events WHERE project_id <> ''", 'SQL_NOT_ALLOWED');
      await expectCode('SELECT * FROM "main.events"', 'SQL_NOT_ALLOWED');
    });
  });

  describe('refusals', () => {
    const writes = [
      'INSERT INTO events VALUES (1)',
      "UPDATE events SET event = 'x'",
      'DELETE FROM events',
      'TRUNCATE events',
      'MERGE INTO events USING (SELECT 1 AS id) s ON s.id = events.id WHEN MATCHED THEN DELETE',
      'CREATE TABLE t (x INT)',
      'CREATE TEMP TABLE t AS SELECT 1',
      'CREATE VIEW v AS SELECT 1',
      'CREATE MACRO m(x) AS x',
      "CREATE SECRET (TYPE s3, KEY_ID 'x', SECRET 'y')",
      'DROP TABLE events',
      'ALTER TABLE events ADD COLUMN x INT',
      'SET threads = 1',
      'RESET threads',
      'SET VARIABLE x = 1',
      'PRAGMA version',
      "PRAGMA table_info('events')",
      'INSTALL httpfs',
      'FORCE INSTALL httpfs',
      'LOAD httpfs',
      'UPDATE EXTENSIONS',
      'CALL pragma_version()',
      'EXPLAIN SELECT 1',
      'EXPLAIN ANALYZE SELECT 1',
      'PREPARE p AS SELECT 1',
      'EXECUTE p',
      'BEGIN TRANSACTION',
      'COMMIT',
      'CHECKPOINT',
      'VACUUM',
      'USE memory',
      'DETACH other',
      'SELECT 1; SELECT 2',
      'SELECT 1; DROP TABLE events',
      'PIVOT events ON event USING count(*)',
    ];
    it.each(writes)('%s → SQL_NOT_ALLOWED', async (query) => {
      await expectCode(query, 'SQL_NOT_ALLOWED');
    });

    it('refuses file access in every direction, and no file appears', async () => {
      const before = readdirSync(dir).sort();
      const out = join(dir, 'out.csv');
      for (const query of [
        `COPY events TO '${out}'`,
        `COPY (SELECT 1) TO '${out}'`,
        `COPY events FROM '${inCsv}'`,
        `SELECT * FROM read_csv('${inCsv}')`,
        `SELECT * FROM read_csv_auto('${inCsv}')`,
        `SELECT * FROM read_parquet('${join(dir, 'in.parquet')}')`,
        `SELECT * FROM read_json('${join(dir, 'in.json')}')`,
        `SELECT * FROM read_text('${inCsv}')`,
        `SELECT * FROM read_blob('${inCsv}')`,
        `SELECT * FROM glob('${dir}/*')`,
        `SELECT * FROM '${inCsv}'`,
        `SELECT * FROM 'in.csv'`,
        `SELECT * FROM events, '${inCsv}'`,
        `ATTACH '${join(dir, 'other.duckdb')}' AS other`,
        `EXPORT DATABASE '${join(dir, 'export')}'`,
        `IMPORT DATABASE '${join(dir, 'export')}'`,
      ]) {
        await expectCode(query, 'SQL_NOT_ALLOWED');
      }
      expect(readdirSync(dir).sort()).toEqual(before);
      expect(existsSync(out)).toBe(false);
    });

    it.each([
      'SELECT * FROM main.events',
      'SELECT * FROM memory.main.events',
      'SELECT * FROM analytics.events',
      'SELECT * FROM analytics.main.events',
      'SELECT * FROM system.main.events',
      'SELECT * FROM temp.main.events',
      'SELECT * FROM consumer_state',
      'SELECT * FROM identity_links',
      'SELECT * FROM analyses',
      'SELECT * FROM (SELECT * FROM events WHERE id IN (SELECT event_id FROM identity_links))',
      'SELECT * FROM duckdb_tables()',
      'SELECT * FROM duckdb_tables',
      'SELECT * FROM duckdb_settings()',
      'SELECT * FROM information_schema.tables',
      'SELECT * FROM information_schema.columns',
      'SELECT * FROM sqlite_master',
      'SELECT * FROM pg_catalog.pg_class',
      'SELECT * FROM pg_class',
      'SHOW TABLES',
      'SHOW ALL TABLES',
      'DESCRIBE consumer_state',
      'SUMMARIZE consumer_state',
      "SELECT * FROM query('SELECT * FROM consumer_state')",
      "SELECT * FROM query_table('consumer_state')",
      "SELECT query('SELECT 1')",
      "SELECT * FROM histogram(events, event)",
      'SELECT * FROM checkpoint()',
      'SELECT * FROM enable_logging()',
      'SELECT * FROM test_all_types()',
      'SELECT * FROM events AT (VERSION => 1)',
      'SELECT $1',
      'SELECT ?',
      'SELECT $name',
      "SELECT * FROM events WHERE id = $1",
      "SELECT current_setting('threads')",
      "SELECT getvariable('x')",
      'SELECT pg_sleep(1)',
      'SELECT sleep_ms(10)',
      "SELECT nextval('s')",
      "SELECT write_log('x')",
      "SELECT json_serialize_plan('SELECT * FROM consumer_state')",
      'SELECT pg_get_viewdef(1)',
      "SELECT get_block_size('memory')",
      "SELECT system.main.lower('a')",
      'WITH a AS (SELECT * FROM consumer_state), consumer_state AS (SELECT 1) SELECT * FROM a',
      'WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a',
      'SELECT * FROM (WITH consumer_state AS (SELECT 1) SELECT * FROM consumer_state), consumer_state',
      'WITH RECURSIVE consumer_state AS (SELECT * FROM consumer_state UNION ALL SELECT 1) SELECT * FROM consumer_state',
    ])('%s → SQL_NOT_ALLOWED', async (query) => {
      const error = await expectCode(query, 'SQL_NOT_ALLOWED');
      expect(error.details?.['object']).toBeDefined();
    });

    it('names the refused object and its position', async () => {
      const error = await expectCode('SELECT id\nFROM events, main.events', 'SQL_NOT_ALLOWED');
      expect(error.message).toContain('main.events');
      expect(error.message).toContain('(line 2, column 14)');
      expect(error.details).toEqual({ object: 'main.events', position: 23, line: 2, column: 14 });
    });

    it('refuses every table function but the allow-list, and every catalog-reading macro', async () => {
      const catalog = await db.read(async (c) => {
        const r = await c.runAndReadAll(
          `SELECT DISTINCT function_name AS name, function_type AS kind, coalesce(macro_definition, '') AS def
           FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro', 'macro')`,
        );
        return r.getRowObjectsJS() as Array<{ name: string; kind: string; def: string }>;
      });
      const tableFunctions = catalog.filter((f) => f.kind !== 'macro' && !SANDBOX_TABLE_FUNCTIONS.has(f.name)).map((f) => f.name);
      expect(tableFunctions.length).toBeGreaterThan(50);
      for (const name of tableFunctions) await expectCode(`SELECT * FROM ${name}()`, 'SQL_NOT_ALLOWED');
      const catalogMacros = catalog.filter((f) => f.kind === 'macro' && /\b(duckdb_\w+|pragma_\w+|query_table|query|sleep_ms)\s*\(/i.test(f.def));
      expect(catalogMacros.map((m) => m.name)).toEqual(expect.arrayContaining(['pg_get_viewdef', 'format_type']));
      for (const m of catalogMacros) expect([m.name, isAllowedFunctionName(m.name)]).toEqual([m.name, false]);
    });

    it('the binder check alone refuses tables, catalog functions and denied functions it finds in the plan', async () => {
      const planOf = (body: string) =>
        db.read(async (c) => {
          const r = await c.runAndReadAll('SELECT json_serialize_plan(CAST($1 AS VARCHAR), optimize := false) AS j', [wrapUserQuery(sandboxStandInViewsSql(), body, '1').sql]);
          return JSON.parse(String(r.getRows()[0][0])) as unknown;
        });
      const refusedObject = async (body: string) => {
        try {
          assertAllowedPlan(await planOf(body));
        } catch (error) {
          if (error instanceof DomainError && error.code === 'SQL_NOT_ALLOWED') return String(error.details?.['object']);
          throw error;
        }
        return undefined;
      };
      expect(await refusedObject('SELECT * FROM consumer_state')).toBe('analytics.main.consumer_state');
      expect(await refusedObject('WITH a AS (SELECT * FROM identity_links), identity_links AS (SELECT 1) SELECT * FROM a')).toBe('analytics.main.identity_links');
      expect(await refusedObject('SELECT * FROM main.events')).toBe('analytics.main.events');
      expect(await refusedObject('SELECT * FROM information_schema.tables')).toMatch(/^duckdb_/);
      expect(await refusedObject('SELECT pg_get_viewdef(1)')).toBe('duckdb_views');
      expect(await refusedObject('SELECT pg_sleep(0)')).toBe('sleep_ms');
      expect(await refusedObject("SELECT count(*), list(e.id) FROM events e JOIN persons p USING (person_id), range(3), json_each('{}')")).toBeUndefined();
    });

    it('the DuckDB instance itself refuses file access (defence in depth behind the guard)', async () => {
      await expect(db.read((c) => c.runAndReadAll(`SELECT * FROM read_csv('${inCsv}')`))).rejects.toThrow(/Permission Error|disabled by configuration/);
    });

    it('leaves the database as it was', async () => {
      const counts = await db.read(async (c) =>
        (await c.runAndReadAll('SELECT project_id, count(*) AS n FROM events WHERE project_id IN ($1, $2) GROUP BY project_id ORDER BY n', [projectA, projectB]))
          .getRowsJS()
          .map((r) => [r[0], Number(r[1])]),
      );
      expect(counts).toEqual([
        [projectB, 3],
        [projectA, 5],
      ]);
      const tables = await db.read(async (c) => (await c.runAndReadAll('SELECT count(*) FROM duckdb_tables() WHERE temporary')).getRowsJS()[0][0]);
      expect(Number(tables)).toBe(0);
    });
  });

  describe('resource limits', () => {
    /** Runs `query` and returns its error, with how long the request took. */
    async function timedError(query: string, extra: Partial<SqlQueryRequest> = {}): Promise<{ error: DomainError; ms: number }> {
      const started = Date.now();
      const error = await errorOf(run(query, extra));
      return { error, ms: Date.now() - started };
    }

    // Each of these grew the service to 22.7 GB, or outlived its time limit, before the limits.
    it.each([
      // A list built in one call, outside memory_limit and deaf to interrupt(): refused before it runs.
      ['SELECT len(range(500000000))', { resource: 'memory', object: 'range', requested: 500_000_000, limit: SANDBOX_VALUE_LIMITS.maxListElements, unit: 'elements' }],
      ['SELECT count(*) FROM (SELECT unnest(range(100000000)))', { resource: 'memory', object: 'range', requested: 100_000_000 }],
    ])('%s → RESOURCE_EXHAUSTED before it runs, and the sandbox keeps working', async (query, details) => {
      const { error, ms } = await timedError(query);
      expect([error.code, error.details]).toEqual(['RESOURCE_EXHAUSTED', expect.objectContaining(details)]);
      expect(error.message).toMatch(/use the table function in FROM/);
      expect(ms).toBeLessThan(2_000);
      expect((await run('SELECT count(*) AS n FROM events')).rows).toEqual([[4]]);
    });

    it('2 GB through string_agg ends in RESOURCE_EXHAUSTED (DuckDB\'s memory_limit) or SQL_TIMEOUT, never later than the limit', async () => {
      // How far string_agg gets before its next doubling fails depends on the CPU left by other
      // work: on a busy machine the time limit can come first. Either way the answer is coded and on time.
      const timeoutMs = 10_000;
      const { error, ms } = await timedError("SELECT length(string_agg(repeat('x', 1000), '')) FROM range(2000000)", { timeoutMs });
      if (error.code === 'RESOURCE_EXHAUSTED') {
        expect(error.details).toEqual({ resource: 'memory', limitBytes: MEMORY_LIMIT });
        expect(error.message).toMatch(/needed more memory than the analytics store allows \(256 MiB, shared by all queries\)/);
      } else {
        expect([error.code, error.details]).toEqual(['SQL_TIMEOUT', { timeoutMs }]);
      }
      expect(ms).toBeLessThan(timeoutMs + 1_000);
      // No server detail in what the caller sees: no file, setting or subject names.
      expect(JSON.stringify(error.toPayload())).not.toMatch(/duckdb|\.tmp|\/tmp\/|memory_limit|analytics\.[a-z]+\.[a-z]+\.v1/i);
      expect((await run('SELECT count(*) AS n FROM events')).rows).toEqual([[4]]);
    });

    it('bounds the values that functions build from their arguments, and lets the ordinary uses through', async () => {
      const allowed: Array<[string, unknown[][]]> = [
        ['SELECT range(5) AS r', [[[0, 1, 2, 3, 4]]]],
        ['SELECT len(range(10000)) AS n', [[10_000]]],
        ['SELECT len(generate_series(1, 10000)) AS n', [[10_000]]],
        ["SELECT len(generate_series(DATE '2026-01-01', DATE '2026-12-31', INTERVAL 1 DAY)) AS n", [[365]]],
        ["SELECT len(range(TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-02', INTERVAL '1 hour')) AS n", [[24]]],
        ['SELECT len(range(now() - INTERVAL 30 DAY, now(), INTERVAL 1 DAY)) AS n', [[30]]],
        ['SELECT [x * 2 FOR x IN range(3)] AS l', [[[0, 2, 4]]]],
        ['SELECT count(*) AS n FROM range(1000000)', [[1_000_000]]],
        ['SELECT count(*) AS n FROM (SELECT * FROM range(10000000000) LIMIT 7)', [[7]]],
        ['SELECT count(*) AS n FROM (SELECT 3 AS k) t, range(t.k)', [[3]]],
        ["SELECT length(repeat('ab', 50000)) AS n", [[100_000]]],
        ["SELECT lpad('7', 3, '0') AS a, rpad('7', 3, '.') AS b, printf('%05.1f|%-4s|%%', 2.5, 'x') AS c, format('{:>4}|{}', 'x', 1) AS d", [['007', '7..', '002.5|x   |%', '   x|1']]],
        ['SELECT list_resize([1], 3, 0) AS l, bitstring(\'1\', 4) AS b', [[[1, 0, 0], '0001']]],
        ['SELECT generate_subscripts([7, 8], 1) AS i', [[1], [2]]],
      ];
      for (const [query, rows] of allowed) expect([query, (await run(query)).rows]).toEqual([query, rows]);

      const tooLarge: Array<[string, string]> = [
        ['SELECT range(10001)', 'range'],
        ['SELECT range(0, 10000 * 10000, 1)', 'range'],
        ['SELECT generate_series(0, 10000)', 'generate_series'],
        ["SELECT range(TIMESTAMP '2000-01-01', TIMESTAMP '3000-01-01', INTERVAL 1 SECOND)", 'range'],
        ["SELECT generate_series(DATE '2000-01-01', 'infinity'::DATE, INTERVAL '1 day')", 'generate_series'],
        ['SELECT x FROM unnest(range(100000000)) t(x)', 'range'],
        ["SELECT repeat('x', 2000000000)", 'repeat'],
        ["SELECT repeat('ab', 50001)", 'repeat'],
        ['SELECT repeat([1, 2], 5001)', 'repeat'],
        ["SELECT lpad('x', 2000000000, 'y')", 'lpad'],
        ["SELECT rpad('x', 100001, 'y')", 'rpad'],
        ['SELECT list_resize([1], 300000000)', 'list_resize'],
        ["SELECT array_resize([1], 10000, 'xxxxxxxxxxx')", 'array_resize'],
        ["SELECT bitstring('1', 2000000000)", 'bitstring'],
        ["SELECT printf('%02000000000d', 1)", 'printf'],
        ["SELECT format('{:>2000000000}', 1)", 'format'],
        ["SELECT format('{:.1000000f}', 1.5)", 'format'],
      ];
      for (const [query, object] of tooLarge) {
        const error = await expectCode(query, 'RESOURCE_EXHAUSTED');
        expect([query, error.details]).toEqual([query, expect.objectContaining({ resource: 'memory', object })]);
        expect(error.details?.['line']).toBe(1);
      }

      const notConstant: Array<[string, string]> = [
        ['SELECT range(k) FROM (SELECT 5 AS k)', 'range'],
        ['SELECT len(generate_series(1, (SELECT count(*) FROM events)))', 'generate_series'],
        ["SELECT repeat('x', length(id)) FROM events", 'repeat'],
        ['SELECT repeat(event, 2) FROM events', 'repeat'],
        ["SELECT lpad(id, length(id) * 1000, 'x') FROM events", 'lpad'],
        ["SELECT printf('%*d', 2000000000, 1)", 'printf'],
        ["SELECT format('{:>{}}', 'x', 2000000000)", 'format'],
        ['SELECT format(event, 1) FROM events', 'format'],
        ['SELECT list_resize([1], k) FROM (SELECT 3 AS k)', 'list_resize'],
        ['SELECT list_transform([1, 2], x -> repeat(\'a\', x))', 'repeat'],
      ];
      for (const [query, object] of notConstant) {
        const error = await expectCode(query, 'SQL_NOT_ALLOWED');
        expect([query, error.details?.['object']]).toEqual([query, object]);
      }
    });

    it('ends a query that needs more temporary disk than max_temp_directory_size with RESOURCE_EXHAUSTED, and spills below it', async () => {
      const small = await DuckDbDatabase.open(join(dir, 'small.duckdb'), { memoryLimitBytes: 64 * 1024 * 1024, maxTempDirectorySizeBytes: 16 * 1024 * 1024 });
      try {
        await small.writer.run(`INSERT INTO consumer_state VALUES ($1, 1, '[]')`, [CONSUMERS.analyticsEvents]);
        const sandbox = new SandboxQueryRunner(small);
        const projectId = randomUUID();
        // Incompressible strings (DuckDB compresses what it spills): about 1.3 GB to sort.
        const hungry = 'SELECT count(*) AS n FROM (SELECT DISTINCT md5(range::VARCHAR) || md5((range + 1)::VARCHAR) AS s FROM range(20000000))';
        const error = await errorOf(sandbox.run({ projectId, query: hungry, timeoutMs: 10_000 }));
        expect([error.code, error.details]).toEqual(['RESOURCE_EXHAUSTED', { resource: 'temporary disk', limitBytes: 16 * 1024 * 1024 }]);
        expect(error.message).toMatch(/temporary disk space than the analytics store allows \(16 MiB\)/);
        // What fits in memory plus 16 MiB of spill still runs.
        const fits = await sandbox.run({ projectId, query: 'SELECT count(*) AS n FROM (SELECT DISTINCT md5(range::VARCHAR) AS s FROM range(300000))' });
        expect(fits.rows).toEqual([[300_000]]);
      } finally {
        small.close();
      }
    });

    it('applies the configured limits to the DuckDB instance', async () => {
      const settings = await db.read(async (c) =>
        (await c.runAndReadAll(`SELECT current_setting('memory_limit'), current_setting('max_temp_directory_size'), current_setting('temp_directory')`)).getRowsJS()[0],
      );
      expect(settings).toEqual(['256.0 MiB', '256.0 MiB', join(dir, 'analytics.duckdb.tmp')]);
      expect(db.limits).toMatchObject({ memoryLimitBytes: MEMORY_LIMIT, maxTempDirectorySizeBytes: 256 * 1024 * 1024, tempDirectory: join(dir, 'analytics.duckdb.tmp') });
    });
  });

  describe('docs/sql-sandbox.md', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/sql-sandbox.md'), 'utf8');
    const examples = [...doc.matchAll(/<!-- sandbox-example -->\n```sql\n([\s\S]*?)```/g)].map((m) => m[1].trim());

    it('has examples', () => {
      expect(examples.length).toBeGreaterThanOrEqual(5);
    });

    it.each(examples.map((q) => [q.split('\n')[0], q]))('example runs: %s ...', async (_title, query) => {
      const reply = await run(query);
      expect(reply.columns.length).toBeGreaterThan(0);
    });
  });

  describe('errors, limits and values', () => {
    it('reports syntax, binding and run-time errors as SQL_INVALID with DuckDB’s message', async () => {
      const syntax = await expectCode('SELECT id\nFROM events WHER id = 1', 'SQL_INVALID');
      expect(syntax.message).toMatch(/syntax error at or near "id" \(line 2, column 18\)/);
      expect(syntax.details).toEqual({ position: 27, line: 2, column: 18 });
      const binding = await expectCode('SELECT nope FROM events', 'SQL_INVALID');
      expect(binding.message).toMatch(/Referenced column "nope" not found/);
      expect(binding.details).toMatchObject({ position: 7 });
      const runtime = await expectCode("SELECT CAST('abc' || id AS INTEGER) FROM events", 'SQL_INVALID');
      expect(runtime.message).toMatch(/Could not convert string/);
      expect(runtime.message).not.toMatch(/LINE \d/);
      await expectCode('WITH x AS (DELETE FROM events RETURNING *) SELECT * FROM x', 'SQL_INVALID');
      await expectCode('-- only a comment', 'SQL_INVALID');
    });

    it('accepts a trailing semicolon and trailing comments', async () => {
      for (const q of ['SELECT 1 AS x;', 'SELECT 1 AS x; -- done', 'SELECT 1 AS x -- done', 'SELECT 1 AS x /* done */ ;  ', 'SELECT 1 AS x;;']) {
        expect([q, (await run(q)).rows]).toEqual([q, [[1]]]);
      }
      expect((await run("SELECT ';' AS x; -- ;")).rows).toEqual([[';']]);
    });

    it('validates the request', async () => {
      for (const extra of [{ maxRows: 0 }, { maxRows: 10_001 }, { maxRows: 1.5 }, { timeoutMs: 50 }, { timeoutMs: 10_001 }, { asOfDataVersion: '-1' }, { query: '  ' }, { query: 'x'.repeat(100_001) }]) {
        const error = await errorOf(run('SELECT 1', extra as Partial<SqlQueryRequest>));
        expect([extra, error.code]).toEqual([extra, 'VALIDATION_FAILED']);
      }
    });

    it('returns at most maxRows rows, in the query’s order, and says when there were more', async () => {
      const truncated = await run('SELECT range AS x FROM range(25) ORDER BY x DESC', { maxRows: 10 });
      expect(truncated.rows).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15].map((x) => [x]));
      expect([truncated.rowCount, truncated.truncated]).toEqual([10, true]);
      const exact = await run('SELECT range AS x FROM range(25)', { maxRows: 25 });
      expect([exact.rowCount, exact.truncated]).toEqual([25, false]);
      expect((await run('SELECT range AS x FROM range(3000)')).rowCount).toBe(1000); // default
    });

    it('refuses a result over 4 MiB of JSON', async () => {
      // 41 rows of 100,004 bytes of JSON fit in 4 MiB, the 42nd does not.
      const error = await expectCode("SELECT repeat('x', 100000) AS s FROM range(50)", 'RESULT_TOO_LARGE');
      expect(error.details).toMatchObject({ maxBytes: 4 * 1024 * 1024, rowsBeforeLimit: 41 });
      expect((await run("SELECT repeat('x', 100000) AS s FROM range(50)", { maxRows: 3 })).truncated).toBe(true);
    });

    it('interrupts a slow query at its time limit (SQL_TIMEOUT), and keeps working', async () => {
      for (const query of ['SELECT count(*) FROM range(1000000000) a, range(1000000000) b', 'SELECT a.range FROM range(100000000000) a WHERE a.range < 0']) {
        const started = Date.now();
        const error = await expectCode(query, 'SQL_TIMEOUT', { timeoutMs: 500 });
        const elapsed = Date.now() - started;
        expect(error.details).toEqual({ timeoutMs: 500 });
        expect(elapsed).toBeGreaterThanOrEqual(450);
        expect(elapsed).toBeLessThan(3000);
      }
      expect((await run('SELECT count(*) AS n FROM events')).rows).toEqual([[4]]);
    });

    it('runs in the UTC session time zone; local time is explicit', async () => {
      const reply = await run(`SELECT strftime(TIMESTAMPTZ '2026-01-01 00:30:00+01', '%Y-%m-%d %H:%M') AS utc,
        date_trunc('day', TIMESTAMPTZ '2026-01-01 00:30:00+01') AS day,
        strftime(timezone('Europe/Paris', TIMESTAMPTZ '2026-01-01 00:30:00+01'), '%Y-%m-%d %H:%M') AS paris`);
      expect(reply.rows).toEqual([['2025-12-31 23:30', '2025-12-31T00:00:00.000Z', '2026-01-01 00:30']]);
    });

    it('returns JSON-safe values', async () => {
      const reply = await run(`SELECT 9007199254740993::BIGINT AS big, -9007199254740991::BIGINT AS safe, 42::BIGINT AS small,
        170141183460469231731687303715884105727::HUGEINT AS huge, 18446744073709551615::UBIGINT AS ubig,
        TIMESTAMPTZ '2026-03-01 12:00:00.123456+00' AS tstz, TIMESTAMPTZ '1969-12-31 23:59:59.9995+00' AS before_epoch,
        TIMESTAMP '2026-03-01 12:00:00' AS ts, 'infinity'::TIMESTAMP AS inf, DATE '2026-03-01' AS d,
        [1, 2]::INTEGER[] AS list, {'a': 1, 'b': [true]} AS st, map([1], ['a']) AS m,
        '{"x": [1, {"y": null}]}'::JSON AS j, ['{"k": 1}'::JSON] AS jl,
        1.5 AS dec, 12345678901234567.89::DECIMAL(38,2) AS bigdec, 'NaN'::DOUBLE AS nan, 'inf'::DOUBLE AS pinf,
        '\\xAA'::BLOB AS b, INTERVAL 90 MINUTE AS iv, NULL AS n`);
      expect(objects(reply)[0]).toEqual({
        big: '9007199254740993',
        safe: -9007199254740991,
        small: 42,
        huge: '170141183460469231731687303715884105727',
        ubig: '18446744073709551615',
        tstz: '2026-03-01T12:00:00.123456Z',
        before_epoch: '1969-12-31T23:59:59.999500Z',
        ts: '2026-03-01T12:00:00.000',
        inf: 'infinity',
        d: '2026-03-01',
        list: [1, 2],
        st: { a: 1, b: [true] },
        m: [{ key: 1, value: 'a' }],
        j: { x: [1, { y: null }] },
        jl: [{ k: 1 }],
        dec: 1.5,
        bigdec: '12345678901234567.89',
        nan: 'NaN',
        pinf: 'Infinity',
        b: 'qg==',
        iv: '01:30:00',
        n: null,
      });
      expect(Object.fromEntries(reply.columns.map((c) => [c.name, c.type]))).toMatchObject({
        big: 'BIGINT',
        huge: 'HUGEINT',
        tstz: 'TIMESTAMP WITH TIME ZONE',
        ts: 'TIMESTAMP',
        list: 'INTEGER[]',
        st: 'STRUCT("a" INTEGER, "b" BOOLEAN[])',
        m: 'MAP(INTEGER, VARCHAR)',
        j: 'JSON',
        jl: 'JSON[]',
        dec: 'DECIMAL(2,1)',
      });
      expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
    });
  });
});
