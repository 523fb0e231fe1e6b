import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** One `rejected_decisions` row as the list reads it. */
export interface RejectedDecisionRow {
  id: string;
  stream_seq: string;
  row_index: number;
  model_version_id: string | null;
  decision_id: string | null;
  code: string;
  reason: string;
  payload: string | null;
  actor: string | null;
  rejected_at: Date | string;
  erased_at: Date | string | null;
}

/** A page of rows as read: `rows` is a prefix of the `fetched` rows that followed the cursor. */
export interface RejectedDecisionsSlice {
  rows: RejectedDecisionRow[];
  /** Rows that followed the cursor (at most the limit asked for), before the byte budget cut. */
  fetched: number;
  /** The project's rejected decisions in all. */
  total: number;
}

/**
 * Read side of `rejected_decisions` for the list (parameterised SQL, on the DataSource: never call
 * it inside a transaction). Only rows of the project are read; rows whose project is unknown
 * (`project_id` NULL) belong to no project's list.
 */
@Injectable()
export class RejectedDecisionsReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * At most `limit` rows of the project with `id > afterId`, in id order, cut where the stored
   * text of payloads and reasons passes `budgetBytes` (the first row is always kept), and the
   * project's count — read in one snapshot, so the count matches the rows even while rejections
   * commit. Sizes come from `octet_length`, so the payloads of rows past the cut are never read.
   */
  page(projectId: string, afterId: number, limit: number, budgetBytes: number): Promise<RejectedDecisionsSlice> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const [{ n }]: Array<{ n: number }> = await em.query('SELECT count(*)::int AS n FROM rejected_decisions WHERE project_id = $1::uuid', [projectId]);
      const rows: Array<RejectedDecisionRow & { fetched: string | number }> = await em.query(
        `WITH head AS (
           SELECT id, coalesce(octet_length(payload), 0) + octet_length(reason) AS bytes
           FROM rejected_decisions
           WHERE project_id = $1::uuid AND id > $2::bigint
           ORDER BY id
           LIMIT $3
         ), sized AS (
           SELECT id, row_number() OVER (ORDER BY id) AS position, sum(bytes) OVER (ORDER BY id) AS running, count(*) OVER () AS fetched
           FROM head
         )
         SELECT r.id::text AS id, r.stream_seq::text AS stream_seq, r.row_index, r.model_version_id, r.decision_id, r.code, r.reason,
                r.payload, r.actor, r.rejected_at, r.erased_at, s.fetched
         FROM sized s JOIN rejected_decisions r ON r.id = s.id
         WHERE s.position = 1 OR s.running <= $4::bigint
         ORDER BY r.id`,
        [projectId, afterId, limit, budgetBytes],
      );
      return {
        rows: rows.map(({ fetched: _fetched, ...row }) => row),
        fetched: rows.length === 0 ? 0 : Number(rows[0].fetched),
        total: n,
      };
    });
  }
}
