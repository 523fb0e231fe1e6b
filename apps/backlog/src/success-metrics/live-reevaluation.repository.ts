import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DueItem {
  id: string;
  projectId: string;
}

/**
 * Which delivered items are due for a live re-evaluation, and the claim that makes "at most once
 * per interval per item" hold even with several processes: the claim row is taken with one
 * conditional upsert, which only one claimant can win per interval and data version.
 */
@Injectable()
export class LiveReevaluationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Items with active metrics that are DELIVERED, or ACCEPTED/REJECTED with a metric whose latest
   * evaluation did not yet cover its whole window (or that has none), and that were not claimed at
   * this data version or within the interval. Oldest claims first, so none starves.
   */
  due(dataVersion: string, now: Date, intervalSeconds: number, limit: number): Promise<DueItem[]> {
    return this.dataSource.query(
      `SELECT i.id, i.project_id AS "projectId"
         FROM backlog_items i
         LEFT JOIN backlog_metric_live_claims c ON c.item_id = i.id
        WHERE EXISTS (SELECT 1 FROM backlog_success_metrics m WHERE m.item_id = i.id AND m.retired_at IS NULL)
          AND (i.state = 'DELIVERED'
               OR (i.state IN ('ACCEPTED', 'REJECTED') AND EXISTS (
                     SELECT 1 FROM backlog_success_metrics m
                      WHERE m.item_id = i.id AND m.retired_at IS NULL
                        AND NOT coalesce((SELECT e.window_complete FROM backlog_success_metric_evaluations e
                                           WHERE e.metric_id = m.id ORDER BY e.seq DESC LIMIT 1), false))))
          AND (c.item_id IS NULL OR (c.data_version < $1::numeric AND c.claimed_at <= $2::timestamptz - make_interval(secs => $3)))
        ORDER BY c.claimed_at NULLS FIRST, i.id
        LIMIT $4`,
      [dataVersion, now, intervalSeconds, limit],
    );
  }

  /** True when this caller won the item for this interval at this data version. */
  async claim(itemId: string, dataVersion: string, now: Date, intervalSeconds: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO backlog_metric_live_claims AS c (item_id, claimed_at, data_version) VALUES ($1, $2, $3::numeric)
       ON CONFLICT (item_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, data_version = EXCLUDED.data_version
        WHERE c.data_version < EXCLUDED.data_version AND c.claimed_at <= EXCLUDED.claimed_at - make_interval(secs => $4)
       RETURNING c.item_id`,
      [itemId, now, dataVersion, intervalSeconds],
    );
    return rows.length > 0;
  }
}
