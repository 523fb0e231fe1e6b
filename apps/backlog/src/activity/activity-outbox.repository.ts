import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../infrastructure/prepared-query';
import type { StoredActivity } from './backlog-audit.message';

interface PendingRow {
  id: string;
  project_id: string;
  item_id: string | null;
  item_key: string | null;
  action: string;
  changes: unknown[];
  detail: Record<string, unknown>;
  actor: string;
  actor_name: string | null;
  request_id: string;
  traceparent: string;
  occurred_at: Date;
}

/** The outbox's view of `backlog_activity`: unpublished rows in commit order, and the flag. */
@Injectable()
export class ActivityOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async unpublished(limit: number): Promise<StoredActivity[]> {
    const rows = await preparedQuery<PendingRow>(
      this.dataSource.manager,
      'backlog.activity.unpublished',
      `SELECT a.id, a.project_id, a.item_id, CASE WHEN i.id IS NULL THEN NULL ELSE p.key || '-' || i.number END AS item_key,
              a.action, a.changes, a.detail, a.actor, a.actor_name, a.request_id, a.traceparent, a.occurred_at
         FROM backlog_activity a
         JOIN backlog_projects p ON p.project_id = a.project_id
         LEFT JOIN backlog_items i ON i.id = a.item_id
        WHERE NOT a.audit_published
        ORDER BY a.seq
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      itemId: r.item_id,
      itemKey: r.item_key,
      action: r.action,
      changes: r.changes,
      detail: r.detail,
      actor: r.actor,
      actorName: r.actor_name,
      requestId: r.request_id,
      traceparent: r.traceparent,
      occurredAt: r.occurred_at,
    }));
  }

  /** One statement for a whole batch: the outbox shares PGlite's single connection with requests. */
  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await preparedQuery(this.dataSource.manager, 'backlog.activity.mark-published', `UPDATE backlog_activity SET audit_published = true WHERE id = ANY($1::uuid[])`, [ids]);
  }
}
