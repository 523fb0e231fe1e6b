import { type DuckDBAppender, DuckDBTimestampTZValue } from '@duckdb/node-api';
import { Inject, Injectable } from '@nestjs/common';
import { CONSUMERS, type CanonicalEvent, type EventBatchMessage } from '@fulcrum/contracts';
import { CREATE_STAGING_TABLE, STAGING_TABLE } from '../duckdb/analytics-schema';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import { DataVersionTracker } from './data-version.tracker';

export interface DecodedMessage {
  seq: number;
  batch: EventBatchMessage;
}

/** A JetStream message that is not a valid `EventBatchMessage`: kept with its reason, never dropped. */
export interface RejectedMessage {
  seq: number;
  reason: string;
  payload: string;
}

export interface ApplyResult {
  inserted: number;
  duplicates: number;
  rejected: number;
  dataVersion: number;
}

/**
 * Writes event batches into DuckDB exactly once: Appender into a staging table, then
 * `INSERT OR IGNORE` on the (project, event id) key, the data version moved in the same
 * transaction. A redelivered message or a client retry with the same ids changes nothing.
 */
@Injectable()
export class EventStore {
  private tracker!: DataVersionTracker;
  private readonly consumer = CONSUMERS.analyticsEvents;

  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  /**
   * Loads the persisted data version; `initialFloor` is used the first time (stream first seq − 1).
   * Returns false when the store had no state yet (a new or lost DuckDB file).
   */
  async init(initialFloor: () => Promise<number>): Promise<boolean> {
    await this.db.writer.run(CREATE_STAGING_TABLE);
    const rows = (
      await this.db.writer.runAndReadAll('SELECT applied_floor, applied_above FROM consumer_state WHERE consumer = $1', [this.consumer])
    ).getRowObjectsJS();
    const row = rows[0];
    this.tracker = row
      ? new DataVersionTracker(Number(row['applied_floor']), JSON.parse(String(row['applied_above'])) as number[])
      : new DataVersionTracker(await initialFloor());
    return row !== undefined;
  }

  get dataVersion(): number {
    return this.tracker.version;
  }

  async apply(accepted: readonly DecodedMessage[], rejected: readonly RejectedMessage[]): Promise<ApplyResult> {
    const w = this.db.writer;
    const next = new DataVersionTracker(this.tracker.version, this.tracker.appliedAbove);
    next.markApplied([...accepted.map((m) => m.seq), ...rejected.map((m) => m.seq)]);
    let staged = 0;
    let inserted = 0;
    await w.run('BEGIN TRANSACTION');
    try {
      const appender = await w.createAppender(STAGING_TABLE, 'main', 'temp');
      try {
        staged = appendUnique(appender, accepted);
      } finally {
        appender.closeSync();
      }
      if (staged > 0) {
        inserted = Number((await w.run(`INSERT OR IGNORE INTO events SELECT * FROM ${STAGING_TABLE}`)).rowsChanged);
        await w.run(`DELETE FROM ${STAGING_TABLE}`);
      }
      for (const r of rejected) {
        await w.run('INSERT OR IGNORE INTO rejected_messages VALUES ($1, now(), $2, $3)', [r.seq, r.reason, r.payload]);
      }
      await w.run(
        `INSERT INTO consumer_state VALUES ($1, $2, $3)
         ON CONFLICT (consumer) DO UPDATE SET applied_floor = excluded.applied_floor, applied_above = excluded.applied_above`,
        [this.consumer, next.version, JSON.stringify(next.appliedAbove)],
      );
      await w.run('COMMIT');
    } catch (error) {
      await w.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    this.tracker = next;
    const total = accepted.reduce((n, m) => n + m.batch.events.length, 0);
    return { inserted, duplicates: total - inserted, rejected: rejected.length, dataVersion: next.version };
  }
}

/** Appends each (project, id) once, first occurrence wins; returns the number of rows staged. */
function appendUnique(appender: DuckDBAppender, messages: readonly DecodedMessage[]): number {
  const seen = new Set<string>();
  let rows = 0;
  for (const { seq, batch } of messages) {
    const streamSeq = BigInt(seq);
    for (const e of batch.events) {
      const key = `${e.projectId}\u0000${e.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      appendEvent(appender, e, streamSeq);
      rows += 1;
    }
  }
  return rows;
}

function appendEvent(a: DuckDBAppender, e: CanonicalEvent, streamSeq: bigint): void {
  a.appendVarchar(e.projectId);
  a.appendVarchar(e.id);
  a.appendVarchar(e.type);
  a.appendVarchar(e.event);
  appendOptionalVarchar(a, e.userId);
  appendOptionalVarchar(a, e.anonymousId);
  a.appendTimestampTZ(toTimestampTz(e.timestamp));
  a.appendTimestampTZ(toTimestampTz(e.receivedAt));
  if (e.sentAt === undefined) a.appendNull();
  else a.appendTimestampTZ(toTimestampTz(e.sentAt));
  a.appendVarchar(JSON.stringify(e.properties));
  a.appendVarchar(JSON.stringify(e.context));
  a.appendUBigInt(streamSeq);
  a.endRow();
}

function appendOptionalVarchar(a: DuckDBAppender, value: string | undefined): void {
  if (value === undefined) a.appendNull();
  else a.appendVarchar(value);
}

function toTimestampTz(iso: string): DuckDBTimestampTZValue {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`invalid timestamp ${iso}`);
  return new DuckDBTimestampTZValue(BigInt(ms) * 1000n);
}
