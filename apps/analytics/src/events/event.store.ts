import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type CanonicalEvent, CONSUMERS, type EventBatchMessage } from '@fulcrum/contracts';
import {
  CREATE_LINK_STAGING_TABLE,
  CREATE_STAGING_TABLE,
  INSERT_STAGED_EVENTS,
  RECORD_DUPLICATE_DELIVERIES,
  STAGING_TABLE,
} from '../duckdb/analytics-schema';
import { exhaustedResource } from '../duckdb/duckdb-error.classifier';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import { linkCandidates } from '../persons/identity-link.candidates';
import { resolveIdentities } from '../persons/identity.resolver';
import { IdentityStore } from '../persons/identity.store';
import { DataVersionTracker } from './data-version.tracker';
import type { RejectedEventInput } from './event-batch.decoder';
import { ExclusiveSection } from './exclusive.section';

export interface DecodedMessage {
  seq: number;
  batch: EventBatchMessage;
  /** The message's JSON text as received (validated as `batch`); staged as is. */
  payload: string;
  /** Events of the message the decoder set aside (they break the storable rule): kept in `rejected_events`. */
  rejectedEvents?: readonly RejectedEventInput[];
  /** Position in the received message of each event of `batch` (absent when no event was set aside). */
  positions?: readonly number[];
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
  /** Events set aside alone in `rejected_events` (by the decoder, or refused by DuckDB on their own). */
  rejectedEvents: number;
  dataVersion: number;
}

interface SetAsideEvent extends RejectedEventInput {
  seq: number;
  projectId: string;
}

/** One event of a message, where the isolation of a failed write looks for the culprit. */
interface EventUnit {
  message: DecodedMessage;
  index: number;
}

/**
 * Writes event batches into DuckDB exactly once: the Appender stages each message's JSON, DuckDB
 * unnests it and `INSERT OR IGNORE`s on the (project, event id) key, and the data version moves in
 * the same transaction. A redelivered message or a client retry with the same ids changes nothing.
 *
 * One bad event never costs its neighbours. Events that break the storable rule arrive already set
 * aside by the decoder. If DuckDB still refuses a batch, the transaction is rolled back, the writer
 * connection replaced (nothing of the failed transaction can reach the next), and the batch's
 * events are applied in halves, then halves of the failing half, down to the single events DuckDB
 * refuses on their own: those go to `rejected_events` with DuckDB's reason, the rest is stored. A
 * failure that is no event's fault never sets an event aside: out of memory or spill space (the
 * buffer pool is shared with queries) aborts the isolation and throws, and so does a batch in which
 * no event applies even alone; the consumer retries the batch later.
 */
@Injectable()
export class EventStore {
  private readonly logger = new Logger(EventStore.name);
  private tracker!: DataVersionTracker;
  private readonly consumer = CONSUMERS.analyticsEvents;
  private readonly identities = new IdentityStore();
  /** `apply` and other writers of the writer connection (a person erasure) take turns here. */
  private readonly exclusive = new ExclusiveSection();
  private writerPrepared = false;

  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  /**
   * Loads the persisted data version; `initialFloor` is used the first time (stream first seq − 1).
   * Returns false when the store had no state yet (a new or lost DuckDB file).
   */
  async init(initialFloor: () => Promise<number>): Promise<boolean> {
    await this.prepareWriter();
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
    return this.exclusive.run(async () => {
      // A recovery that could not finish (e.g. out of memory) left a writer without its temp tables.
      if (!this.writerPrepared) await this.prepareWriter();
      return this.applyNow(accepted, rejected);
    });
  }

  private async applyNow(accepted: readonly DecodedMessage[], rejected: readonly RejectedMessage[]): Promise<ApplyResult> {
    const next = new DataVersionTracker(this.tracker.version, this.tracker.appliedAbove);
    next.markApplied([...accepted.map((m) => m.seq), ...rejected.map((m) => m.seq)]);
    const setAside = accepted.flatMap((m) => (m.rejectedEvents ?? []).map((r) => ({ ...r, seq: m.seq, projectId: m.batch.projectId })));
    let written: { inserted: number; total: number };
    try {
      written = await this.inTransaction(async (w) => {
        const counts = await this.writeEvents(w, accepted);
        await this.writeRejections(w, setAside, rejected);
        await this.saveState(w, next);
        return counts;
      });
    } catch (error) {
      await this.recoverWriter();
      if (exhaustedResource(error) !== undefined) throw error;
      return this.applyIsolating(accepted, rejected, setAside, next, error);
    }
    this.tracker = next;
    this.logSetAside(setAside);
    return { inserted: written.inserted, duplicates: written.total - written.inserted, rejected: rejected.length, rejectedEvents: setAside.length, dataVersion: next.version };
  }

  /** The failure path of `applyNow` (see the class comment). */
  private async applyIsolating(
    accepted: readonly DecodedMessage[],
    rejected: readonly RejectedMessage[],
    setAside: readonly SetAsideEvent[],
    next: DataVersionTracker,
    cause: unknown,
  ): Promise<ApplyResult> {
    const units: EventUnit[] = accepted.flatMap((message) => message.batch.events.map((_, index) => ({ message, index })));
    this.logger.warn(`a batch of ${accepted.length} message(s) failed (${errorText(cause)}); applying its ${units.length} events in parts`);
    const failures: Array<{ unit: EventUnit; reason: string }> = [];
    const counts = { inserted: 0, total: 0 };
    await this.applyParts(units, failures, counts);
    if (units.length > 1 && failures.length === units.length) throw cause;
    const refused: SetAsideEvent[] = failures.map(({ unit, reason }) => {
      const event = unit.message.batch.events[unit.index];
      return {
        seq: unit.message.seq,
        projectId: unit.message.batch.projectId,
        position: unit.message.positions?.[unit.index] ?? unit.index,
        eventId: event.id,
        reason: `the analytics store refused this event on its own: ${reason}`,
        json: JSON.stringify(event),
      };
    });
    const all = [...setAside, ...refused];
    try {
      await this.inTransaction(async (w) => {
        await this.writeRejections(w, all, rejected);
        await this.saveState(w, next);
      });
    } catch (error) {
      await this.recoverWriter();
      throw error;
    }
    this.tracker = next;
    this.logSetAside(all);
    return { inserted: counts.inserted, duplicates: counts.total - counts.inserted, rejected: rejected.length, rejectedEvents: all.length, dataVersion: next.version };
  }

  /** Commits `units` (without the data version), or halves of them, down to the single events that fail alone. */
  private async applyParts(units: readonly EventUnit[], failures: Array<{ unit: EventUnit; reason: string }>, counts: { inserted: number; total: number }): Promise<void> {
    if (units.length === 0) return;
    // Outside the try: a writer that cannot be prepared is no event's fault.
    if (!this.writerPrepared) await this.prepareWriter();
    try {
      const c = await this.inTransaction((w) => this.writeEvents(w, messagesOf(units)));
      counts.inserted += c.inserted;
      counts.total += c.total;
    } catch (error) {
      await this.recoverWriter();
      // Out of memory or spill space is nobody's fault: stop looking for a culprit, retry it all later.
      if (exhaustedResource(error) !== undefined) throw error;
      if (units.length === 1) {
        failures.push({ unit: units[0], reason: errorText(error) });
        return;
      }
      const middle = Math.ceil(units.length / 2);
      await this.applyParts(units.slice(0, middle), failures, counts);
      await this.applyParts(units.slice(middle), failures, counts);
    }
  }

  private async inTransaction<T>(fn: (w: DuckDBConnection) => Promise<T>): Promise<T> {
    const w = this.db.writer;
    await w.run('BEGIN TRANSACTION');
    try {
      const result = await fn(w);
      await w.run('COMMIT');
      return result;
    } catch (error) {
      await w.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Identity links, then the events (staged JSON → `events`), then links applied to earlier events. */
  private async writeEvents(w: DuckDBConnection, accepted: readonly DecodedMessage[]): Promise<{ inserted: number; total: number }> {
    const total = accepted.reduce((n, m) => n + m.batch.events.length, 0);
    if (total === 0) return { inserted: 0, total };
    // Identity first: links of this batch must be known when its events are inserted.
    const ordered = [...accepted].sort((a, b) => a.seq - b.seq);
    const candidates = ordered.flatMap((m) => linkCandidates(m.seq, m.batch.events));
    const decisions = candidates.length === 0 ? undefined : resolveIdentities(candidates, await this.identities.load(w, candidates));
    if (decisions) await this.identities.writeDecisions(w, decisions);
    const appender = await w.createAppender(STAGING_TABLE, 'main', 'temp');
    try {
      for (const m of accepted) {
        if (m.batch.events.length === 0) continue;
        appender.appendUBigInt(BigInt(m.seq));
        appender.appendVarchar(m.payload);
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
    const inserted = Number((await w.run(INSERT_STAGED_EVENTS)).rowsChanged);
    // Only a batch with duplicates pays for this (a redelivery, or an event re-published).
    if (inserted < total) await w.run(RECORD_DUPLICATE_DELIVERIES);
    await w.run(`DELETE FROM ${STAGING_TABLE}`);
    await this.identities.applyStagedLinks(w, decisions?.links.length ?? 0);
    return { inserted, total };
  }

  private async writeRejections(w: DuckDBConnection, events: readonly SetAsideEvent[], messages: readonly RejectedMessage[]): Promise<void> {
    for (const r of messages) {
      await w.run('INSERT OR IGNORE INTO rejected_messages VALUES ($1, now(), $2, $3)', [r.seq, r.reason, r.payload]);
    }
    for (const r of events) {
      await w.run(
        `INSERT OR IGNORE INTO rejected_events (stream_seq, position, project_id, event_id, rejected_at, reason, event)
         VALUES ($1, $2, $3, $4, now(), $5, $6)`,
        [r.seq, r.position, r.projectId, r.eventId ?? null, r.reason, r.json ?? null],
      );
    }
  }

  /**
   * A fresh writer connection (with its temp tables) after a failed transaction. If even that fails
   * (memory still exhausted), the next `apply` prepares the writer before anything else.
   */
  private async recoverWriter(): Promise<void> {
    this.writerPrepared = false;
    try {
      await this.db.replaceWriter();
      await this.prepareWriter();
    } catch (error) {
      this.logger.warn(`the writer connection could not be renewed yet (${errorText(error)}); the next batch retries`);
    }
  }

  private async prepareWriter(): Promise<void> {
    await this.db.writer.run(CREATE_STAGING_TABLE);
    await this.db.writer.run(CREATE_LINK_STAGING_TABLE);
    this.writerPrepared = true;
  }

  private logSetAside(events: readonly SetAsideEvent[]): void {
    for (const e of events) {
      this.logger.error(`event ${e.eventId ?? '(no id)'} (message ${e.seq}, position ${e.position}) kept in rejected_events: ${e.reason}`);
    }
  }

  private async saveState(w: DuckDBConnection, t: DataVersionTracker): Promise<void> {
    await w.run(
      `INSERT INTO consumer_state VALUES ($1, $2, $3)
       ON CONFLICT (consumer) DO UPDATE SET applied_floor = excluded.applied_floor, applied_above = excluded.applied_above`,
      [this.consumer, t.version, JSON.stringify(t.appliedAbove)],
    );
  }
}

/** The units regrouped by message, each message reduced to its units' events (re-serialised). */
function messagesOf(units: readonly EventUnit[]): DecodedMessage[] {
  const groups = new Map<DecodedMessage, CanonicalEvent[]>();
  for (const { message, index } of units) {
    const events = groups.get(message) ?? [];
    events.push(message.batch.events[index]);
    groups.set(message, events);
  }
  return [...groups].map(([message, events]) => {
    const batch: EventBatchMessage = { ...message.batch, events };
    return { seq: message.seq, batch, payload: JSON.stringify(batch) };
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
