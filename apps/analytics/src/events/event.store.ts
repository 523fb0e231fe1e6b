import { Inject, Injectable } from '@nestjs/common';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CONSUMERS, type EventBatchMessage } from '@fulcrum/contracts';
import {
  CREATE_LINK_STAGING_TABLE,
  CREATE_STAGING_TABLE,
  INSERT_STAGED_EVENTS,
  RECORD_DUPLICATE_DELIVERIES,
  STAGING_TABLE,
} from '../duckdb/analytics-schema';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import { linkCandidates } from '../persons/identity-link.candidates';
import { resolveIdentities } from '../persons/identity.resolver';
import { IdentityStore } from '../persons/identity.store';
import { DataVersionTracker } from './data-version.tracker';
import { ExclusiveSection } from './exclusive.section';

export interface DecodedMessage {
  seq: number;
  batch: EventBatchMessage;
  /** The message's JSON text as received (validated as `batch`); staged as is. */
  payload: string;
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
 * Writes event batches into DuckDB exactly once: the Appender stages each message's JSON, DuckDB
 * unnests it and `INSERT OR IGNORE`s on the (project, event id) key, and the data version moves in
 * the same transaction. A redelivered message or a client retry with the same ids changes nothing.
 */
@Injectable()
export class EventStore {
  private tracker!: DataVersionTracker;
  private readonly consumer = CONSUMERS.analyticsEvents;
  private readonly identities = new IdentityStore();
  /** `apply` and other writers of the writer connection (a person erasure) take turns here. */
  private readonly exclusive = new ExclusiveSection();

  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  /**
   * Loads the persisted data version; `initialFloor` is used the first time (stream first seq − 1).
   * Returns false when the store had no state yet (a new or lost DuckDB file).
   */
  async init(initialFloor: () => Promise<number>): Promise<boolean> {
    await this.db.writer.run(CREATE_STAGING_TABLE);
    await this.db.writer.run(CREATE_LINK_STAGING_TABLE);
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

  /**
   * Runs `fn` with the writer connection between two batches: no `apply` runs meanwhile, so `fn`
   * may open its own transaction on it (no optimistic-concurrency conflicts with the consumer).
   */
  runExclusive<T>(fn: (writer: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.exclusive.run(() => fn(this.db.writer));
  }

  /**
   * Stream positions that will never be delivered (purged below `firstSeq`, or deleted by an
   * erasure) count as applied, so a store rebuilt from the stream reaches the stream's end.
   */
  markGone(firstSeq: number, deleted: readonly number[]): Promise<void> {
    return this.exclusive.run(async () => {
      const next = new DataVersionTracker(this.tracker.version, this.tracker.appliedAbove);
      next.markGone(firstSeq, deleted);
      if (next.version === this.tracker.version && JSON.stringify(next.appliedAbove) === JSON.stringify(this.tracker.appliedAbove)) return;
      await this.saveState(this.db.writer, next);
      this.tracker = next;
    });
  }

  apply(accepted: readonly DecodedMessage[], rejected: readonly RejectedMessage[]): Promise<ApplyResult> {
    return this.exclusive.run(() => this.applyNow(accepted, rejected));
  }

  private async applyNow(accepted: readonly DecodedMessage[], rejected: readonly RejectedMessage[]): Promise<ApplyResult> {
    const w = this.db.writer;
    const next = new DataVersionTracker(this.tracker.version, this.tracker.appliedAbove);
    next.markApplied([...accepted.map((m) => m.seq), ...rejected.map((m) => m.seq)]);
    let inserted = 0;
    const total = accepted.reduce((n, m) => n + m.batch.events.length, 0);
    await w.run('BEGIN TRANSACTION');
    try {
      if (accepted.length > 0) {
        // Identity first: links of this batch must be known when its events are inserted.
        const ordered = [...accepted].sort((a, b) => a.seq - b.seq);
        const candidates = ordered.flatMap((m) => linkCandidates(m.seq, m.batch.events));
        const decisions = candidates.length === 0 ? undefined : resolveIdentities(candidates, await this.identities.load(w, candidates));
        if (decisions) await this.identities.writeDecisions(w, decisions);
        const appender = await w.createAppender(STAGING_TABLE, 'main', 'temp');
        try {
          for (const m of accepted) {
            appender.appendUBigInt(BigInt(m.seq));
            appender.appendVarchar(m.payload);
            appender.endRow();
          }
        } finally {
          appender.closeSync();
        }
        inserted = Number((await w.run(INSERT_STAGED_EVENTS)).rowsChanged);
        // Only a batch with duplicates pays for this (a redelivery, or an event re-published).
        if (inserted < total) await w.run(RECORD_DUPLICATE_DELIVERIES);
        await w.run(`DELETE FROM ${STAGING_TABLE}`);
        await this.identities.applyStagedLinks(w, decisions?.links.length ?? 0);
      }
      for (const r of rejected) {
        await w.run('INSERT OR IGNORE INTO rejected_messages VALUES ($1, now(), $2, $3)', [r.seq, r.reason, r.payload]);
      }
      await this.saveState(w, next);
      await w.run('COMMIT');
    } catch (error) {
      await w.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    this.tracker = next;
    return { inserted, duplicates: total - inserted, rejected: rejected.length, dataVersion: next.version };
  }

  private async saveState(w: DuckDBConnection, t: DataVersionTracker): Promise<void> {
    await w.run(
      `INSERT INTO consumer_state VALUES ($1, $2, $3)
       ON CONFLICT (consumer) DO UPDATE SET applied_floor = excluded.applied_floor, applied_above = excluded.applied_above`,
      [this.consumer, t.version, JSON.stringify(t.appliedAbove)],
    );
  }
}
