import { Inject, Injectable } from '@nestjs/common';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import type { ErasurePlan } from './erasure-plan.reader';
import type { ErasureRecord } from './erasure-audit.message';
import type { StreamRedactionResult } from './event-stream.redactor';

const LIST = (n: number) => `(SELECT unnest(from_json(CAST($${n} AS VARCHAR), '["VARCHAR"]')))`;
const RECORD_COLUMNS = `id, project_id, person_hash, distinct_ids_count, events_erased, stream_messages_rewritten, stream_messages_deleted,
  rejected_messages_deleted, reason, requested_by, requested_by_name, request_id, traceparent, epoch_ms(erased_at) AS erased_ms, data_version_at_erasure`;

export type NewErasure = Omit<ErasureRecord, 'eventsErased' | 'rejectedMessagesDeleted'>;

/** Table `erasures` and the DuckDB half of an erasure. */
@Injectable()
export class ErasureRepository {
  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  /**
   * Deletes everything of the plan in ONE transaction on the writer connection (called inside the
   * event store's exclusive section) and records the erasure; returns the record as stored.
   */
  async commit(w: DuckDBConnection, plan: ErasurePlan, stream: StreamRedactionResult, erasure: NewErasure): Promise<ErasureRecord> {
    const p = plan.projectId;
    const ids = JSON.stringify([...plan.ids]);
    const eventIds = [...plan.eventIds];
    await w.run('BEGIN TRANSACTION');
    try {
      let eventsErased = Number((await w.run(`DELETE FROM events WHERE project_id = $1 AND id IN ${LIST(2)}`, [p, JSON.stringify(eventIds)])).rowsChanged);
      for (const extra of stream.extraEvents) {
        // Only the row DuckDB stored from that very message: a different event reusing the id stays.
        eventsErased += Number((await w.run(`DELETE FROM events WHERE project_id = $1 AND id = $2 AND stream_seq = $3`, [p, extra.id, extra.seq])).rowsChanged);
        eventIds.push(extra.id);
      }
      await w.run(`DELETE FROM identity_links WHERE project_id = $1 AND (distinct_id IN ${LIST(2)} OR person_id IN ${LIST(2)})`, [p, ids]);
      await w.run(`DELETE FROM identified_ids WHERE project_id = $1 AND distinct_id IN ${LIST(2)}`, [p, ids]);
      await w.run(
        `DELETE FROM identity_conflicts WHERE project_id = $1
           AND (source_id IN ${LIST(2)} OR target_id IN ${LIST(2)} OR existing_person_id IN ${LIST(2)} OR event_id IN ${LIST(3)})`,
        [p, ids, JSON.stringify(eventIds)],
      );
      await w.run(`DELETE FROM duplicate_deliveries WHERE project_id = $1 AND event_id IN ${LIST(2)}`, [p, JSON.stringify(eventIds)]);
      for (const r of plan.rejectedEvents) {
        // A copy of the person's event that was never stored: erased like a stored one, and counted so.
        eventsErased += Number((await w.run(`DELETE FROM rejected_events WHERE stream_seq = $1 AND position = $2`, [r.seq, r.position])).rowsChanged);
      }
      const rejectedMessagesDeleted = Number(
        (await w.run(`DELETE FROM rejected_messages WHERE stream_seq IN (SELECT unnest(from_json(CAST($1 AS VARCHAR), '["UBIGINT"]')))`, [JSON.stringify(plan.rejectedSeqs)]))
          .rowsChanged,
      );
      const record: ErasureRecord = { ...erasure, eventsErased, rejectedMessagesDeleted };
      await w.run(
        `INSERT INTO erasures (id, project_id, person_hash, distinct_ids_count, events_erased, stream_messages_rewritten, stream_messages_deleted,
                               rejected_messages_deleted, reason, requested_by, erased_at, data_version_at_erasure, audit_published,
                               requested_by_name, request_id, traceparent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, make_timestamptz(CAST($11 AS BIGINT) * 1000), CAST($12 AS UBIGINT), false, $13, $14, $15)`,
        [
          record.id,
          record.projectId,
          record.personHash,
          record.distinctIds,
          record.eventsErased,
          record.streamMessagesRewritten,
          record.streamMessagesDeleted,
          record.rejectedMessagesDeleted,
          record.reason,
          record.requestedBy,
          Date.parse(record.erasedAt),
          String(record.dataVersion),
          record.requestedByName ?? null,
          record.requestId ?? null,
          record.traceparent ?? null,
        ],
      );
      await w.run('COMMIT');
      return record;
    } catch (error) {
      await w.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Erasures whose audit action is not acknowledged yet, oldest first. */
  unpublished(): Promise<ErasureRecord[]> {
    return this.db.read(async (c) =>
      (await c.runAndReadAll(`SELECT ${RECORD_COLUMNS} FROM erasures WHERE NOT audit_published ORDER BY erased_at, id`)).getRowObjectsJS().map(toRecord),
    );
  }

  async markPublished(id: string): Promise<void> {
    await this.db.write((c) => c.run(`UPDATE erasures SET audit_published = true WHERE id = $1`, [id]));
  }
}

function toRecord(r: Record<string, unknown>): ErasureRecord {
  return {
    id: String(r['id']),
    projectId: String(r['project_id']),
    personHash: String(r['person_hash']),
    distinctIds: Number(r['distinct_ids_count']),
    eventsErased: Number(r['events_erased']),
    streamMessagesRewritten: Number(r['stream_messages_rewritten']),
    streamMessagesDeleted: Number(r['stream_messages_deleted']),
    rejectedMessagesDeleted: Number(r['rejected_messages_deleted']),
    reason: String(r['reason']),
    requestedBy: String(r['requested_by']),
    ...optionalText(r, 'requested_by_name', 'requestedByName'),
    ...optionalText(r, 'request_id', 'requestId'),
    ...optionalText(r, 'traceparent', 'traceparent'),
    erasedAt: new Date(Number(r['erased_ms'])).toISOString(),
    dataVersion: Number(r['data_version_at_erasure']),
  };
}

function optionalText<K extends 'requestedByName' | 'requestId' | 'traceparent'>(r: Record<string, unknown>, column: string, key: K): Partial<Record<K, string>> {
  const value = r[column];
  return value === null || value === undefined ? {} : ({ [key]: String(value) } as Partial<Record<K, string>>);
}
