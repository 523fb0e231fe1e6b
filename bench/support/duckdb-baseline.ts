import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance, DuckDBTimestampTZValue } from '@duckdb/node-api';
import { eventName, eventProperties, eventTimestamp } from './synthetic-events';

/**
 * The `events` table of the analytics store, copied from apps/analytics/src/duckdb/analytics-schema.ts
 * (the bench may not import an app). Keep the two in sync.
 */
const EVENT_COLUMNS = `
  project_id VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  type VARCHAR NOT NULL,
  event VARCHAR NOT NULL,
  user_id VARCHAR,
  anonymous_id VARCHAR,
  timestamp TIMESTAMPTZ NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  sent_at TIMESTAMPTZ,
  properties JSON NOT NULL,
  context JSON NOT NULL,
  stream_seq UBIGINT NOT NULL`;

/** A decoded canonical event as the analytics consumer holds it just before appending. */
interface CanonicalRow {
  projectId: string;
  id: string;
  type: string;
  event: string;
  userId?: string;
  anonymousId?: string;
  timestamp: string;
  receivedAt: string;
  sentAt?: string;
  properties: Record<string, string | number>;
  context: Record<string, unknown>;
}

export interface BaselineFigures {
  rows: number;
  /** Plain table, one Appender for all rows, closed (flushed) at the end. */
  plainSeconds: number;
  plainRowsPerSecond: number;
  /** The analytics write path: per transaction Appender → temp staging, INSERT OR IGNORE into the keyed table. */
  exactlyOnceRowsPerTransaction: number;
  exactlyOnceSeconds: number;
  exactlyOnceRowsPerSecond: number;
  rowsInKeyedTable: number;
}

/** Events per JetStream message, as the collector publishes one message per 100-event request. */
const EVENTS_PER_MESSAGE = 100;
/** Rows generated (untimed) at a time, so that N canonical events never sit in memory together. */
const GENERATE_CHUNK = 10_000;

/**
 * Raw DuckDB baselines in a fresh file under `dir`: (1) the bare Appender rate into a plain table,
 * (2) the exact shape of the analytics writer (apps/analytics/src/events/event.store.ts), in
 * transactions of `rowsPerTransaction` rows. Only DuckDB calls and the per-row conversions the real
 * writer does (Date.parse, BigInt, JSON.stringify of properties/context) are timed; generating the
 * events is not.
 */
export async function measureDuckDbBaseline(dir: string, rows: number, rowsPerTransaction: number): Promise<BaselineFigures> {
  const instance = await DuckDBInstance.create(join(dir, 'baseline.duckdb'));
  const c = await instance.connect();
  try {
    const projectId = randomUUID();
    const receivedAt = new Date().toISOString();

    await c.run(`CREATE TABLE events_plain (${EVENT_COLUMNS})`);
    let plainMs = 0;
    const appender = await c.createAppender('events_plain');
    for (let first = 0; first < rows; first += GENERATE_CHUNK) {
      const chunk = canonicalRows(projectId, receivedAt, first, Math.min(GENERATE_CHUNK, rows - first));
      const t0 = performance.now();
      appendRows(appender, chunk, first);
      plainMs += performance.now() - t0;
    }
    const tClose = performance.now();
    appender.closeSync();
    plainMs += performance.now() - tClose;

    await c.run(`CREATE TABLE events (${EVENT_COLUMNS}, PRIMARY KEY (project_id, id))`);
    await c.run(`CREATE TABLE consumer_state (consumer VARCHAR PRIMARY KEY, applied_floor UBIGINT NOT NULL, applied_above JSON NOT NULL)`);
    await c.run(`CREATE TEMP TABLE events_staging AS SELECT * FROM events LIMIT 0`);
    let keyedMs = 0;
    for (let first = 0; first < rows; first += rowsPerTransaction) {
      const chunk = canonicalRows(projectId, receivedAt, first, Math.min(rowsPerTransaction, rows - first));
      const t0 = performance.now();
      await applyLikeEventStore(c, chunk, first);
      keyedMs += performance.now() - t0;
    }
    const counted = Number((await c.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS()[0]['n']);

    return {
      rows,
      plainSeconds: plainMs / 1000,
      plainRowsPerSecond: rows / (plainMs / 1000),
      exactlyOnceRowsPerTransaction: Math.min(rowsPerTransaction, rows),
      exactlyOnceSeconds: keyedMs / 1000,
      exactlyOnceRowsPerSecond: rows / (keyedMs / 1000),
      rowsInKeyedTable: counted,
    };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** EventStore.apply without the JetStream part: the same statements in the same order. */
async function applyLikeEventStore(c: DuckDBConnection, chunk: readonly CanonicalRow[], first: number): Promise<void> {
  await c.run('BEGIN TRANSACTION');
  try {
    const appender = await c.createAppender('events_staging', 'main', 'temp');
    try {
      appendRows(appender, chunk, first);
    } finally {
      appender.closeSync();
    }
    await c.run('INSERT OR IGNORE INTO events SELECT * FROM events_staging');
    await c.run('DELETE FROM events_staging');
    const version = Math.ceil((first + chunk.length) / EVENTS_PER_MESSAGE);
    await c.run(
      `INSERT INTO consumer_state VALUES ($1, $2, $3)
       ON CONFLICT (consumer) DO UPDATE SET applied_floor = excluded.applied_floor, applied_above = excluded.applied_above`,
      ['bench', version, '[]'],
    );
    await c.run('COMMIT');
  } catch (error) {
    await c.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function canonicalRows(projectId: string, receivedAt: string, first: number, count: number): CanonicalRow[] {
  const out = new Array<CanonicalRow>(count);
  for (let k = 0; k < count; k++) {
    const i = first + k;
    out[k] = {
      projectId,
      id: randomUUID(),
      type: 'track',
      event: eventName(i),
      userId: `user-${i % 10_000}`,
      timestamp: eventTimestamp(i),
      receivedAt,
      properties: eventProperties(i),
      context: {},
    };
  }
  return out;
}

/** Same calls as appendEvent in apps/analytics/src/events/event.store.ts. */
function appendRows(a: DuckDBAppender, chunk: readonly CanonicalRow[], first: number): void {
  for (let k = 0; k < chunk.length; k++) {
    const e = chunk[k];
    a.appendVarchar(e.projectId);
    a.appendVarchar(e.id);
    a.appendVarchar(e.type);
    a.appendVarchar(e.event);
    if (e.userId === undefined) a.appendNull();
    else a.appendVarchar(e.userId);
    if (e.anonymousId === undefined) a.appendNull();
    else a.appendVarchar(e.anonymousId);
    a.appendTimestampTZ(toTimestampTz(e.timestamp));
    a.appendTimestampTZ(toTimestampTz(e.receivedAt));
    if (e.sentAt === undefined) a.appendNull();
    else a.appendTimestampTZ(toTimestampTz(e.sentAt));
    a.appendVarchar(JSON.stringify(e.properties));
    a.appendVarchar(JSON.stringify(e.context));
    a.appendUBigInt(BigInt(Math.floor((first + k) / EVENTS_PER_MESSAGE) + 1));
    a.endRow();
  }
}

function toTimestampTz(iso: string): DuckDBTimestampTZValue {
  return new DuckDBTimestampTZValue(BigInt(Date.parse(iso)) * 1000n);
}
