import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BACKLOG_PAGES, type BacklogActivityDto, type BacklogHistoryReply, type BacklogHistoryRequest, DomainError, decodeCursor, encodeCursor, pageOf } from '@fulcrum/contracts';
import { itemNotFound } from '../items/item-change.guard';

interface ActivityRow {
  id: string;
  seq: string;
  item_id: string;
  action: string;
  changes: BacklogActivityDto['changes'];
  detail: Record<string, unknown>;
  actor: string;
  actor_name: string | null;
  request_id: string;
  occurred_at: Date;
}

/** An item's activity in commit order (`seq`), either way, cursor-paginated on `seq`. */
@Injectable()
export class ItemHistoryReader {
  constructor(private readonly dataSource: DataSource) {}

  async history(request: BacklogHistoryRequest): Promise<BacklogHistoryReply> {
    const { projectId, itemId } = request;
    const newestFirst = (request.order ?? 'NEWEST_FIRST') === 'NEWEST_FIRST';
    const kind = newestFirst ? 'backlog-history-newest' : 'backlog-history-oldest';
    const first = request.first ?? BACKLOG_PAGES.history.default;
    const exists: unknown[] = await this.dataSource.query(`SELECT 1 FROM backlog_items WHERE id = $1 AND project_id = $2`, [itemId, projectId]);
    if (exists.length === 0) throw itemNotFound(itemId);
    const after = request.after === undefined ? null : seqCursor(kind, request.after);
    // Direction and comparison are two fixed variants; the cursor's seq is bound.
    const rows: ActivityRow[] = await this.dataSource.query(
      `SELECT id, seq, item_id, action, changes, detail, actor, actor_name, request_id, occurred_at
         FROM backlog_activity
        WHERE item_id = $1 AND project_id = $2 AND ($3::bigint IS NULL OR seq ${newestFirst ? '<' : '>'} $3::bigint)
        ORDER BY seq ${newestFirst ? 'DESC' : 'ASC'}
        LIMIT $4`,
      [itemId, projectId, after, first + 1],
    );
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM backlog_activity WHERE item_id = $1 AND project_id = $2`, [itemId, projectId])) as [
      { count: number },
    ];
    const page = pageOf(rows, first, count, (r) => encodeCursor(kind, [Number(r.seq)]));
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toActivityDto(e.node) })) };
  }
}

function toActivityDto(r: ActivityRow): BacklogActivityDto {
  return {
    id: r.id,
    itemId: r.item_id,
    action: r.action,
    changes: r.changes,
    detail: r.detail,
    actor: r.actor,
    actorName: r.actor_name,
    requestId: r.request_id,
    occurredAt: r.occurred_at.toISOString(),
  };
}

function seqCursor(kind: string, after: string): number {
  const [seq] = decodeCursor(kind, after, 1);
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
  return seq;
}
