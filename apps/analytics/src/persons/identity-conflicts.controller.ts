import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DomainError,
  IDENTITY_CONFLICT_PAGE,
  type IdentityConflictDto,
  type IdentityConflictReason,
  type ListIdentityConflictsReply,
  type ListIdentityConflictsRequest,
  RPC,
  decodeCursor,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { DuckDbDatabase } from '../duckdb/duckdb.database';

type ConflictRow = IdentityConflictDto & { streamSeq: number };

/**
 * Identity merges that were refused, newest first (a PM or data scientist fixes the tracking).
 * Pages by keyset on (stream_seq DESC, event_id, source_id), the table's unique order, so a page
 * never repeats or skips a conflict recorded meanwhile (new ones sort before the first page).
 */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class IdentityConflictsController {
  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  @MessagePattern(RPC.analyticsIdentityConflictsList)
  list(@Payload(new RpcPayloadPipe(RPC.analyticsIdentityConflictsList)) request: ListIdentityConflictsRequest): Promise<ListIdentityConflictsReply> {
    const first = request.first ?? IDENTITY_CONFLICT_PAGE.defaultFirst;
    const after = request.after === undefined ? undefined : decodeCursor(IDENTITY_CONFLICT_PAGE.cursorKind, request.after, 3);
    if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string' || typeof after[2] !== 'string')) {
      throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
    }
    return this.db.read(async (c) => {
      const keyset = after
        ? `AND (stream_seq < $3 OR (stream_seq = $3 AND (event_id > $4 OR (event_id = $4 AND source_id > $5))))`
        : '';
      const rows = (
        await c.runAndReadAll(
          `SELECT stream_seq, event_id, source_id, target_id, reason, existing_person_id, epoch_ms(recorded_at) AS ms
           FROM identity_conflicts WHERE project_id = $1 ${keyset}
           ORDER BY stream_seq DESC, event_id, source_id LIMIT $2`,
          [request.projectId, first + 1, ...(after ?? [])],
        )
      ).getRowObjectsJS();
      const total = (await c.runAndReadAll(`SELECT count(*) AS n FROM identity_conflicts WHERE project_id = $1`, [request.projectId])).getRowObjectsJS();
      const conflicts: ConflictRow[] = rows.map((r) => ({
        streamSeq: Number(r['stream_seq']),
        eventId: String(r['event_id']),
        sourceId: String(r['source_id']),
        targetId: String(r['target_id']),
        reason: String(r['reason']) as IdentityConflictReason,
        existingPersonId: String(r['existing_person_id']),
        recordedAt: new Date(Number(r['ms'])).toISOString(),
      }));
      const page = pageOf(conflicts, first, Number(total[0]?.['n'] ?? 0), (row) =>
        encodeCursor(IDENTITY_CONFLICT_PAGE.cursorKind, [row.streamSeq, row.eventId, row.sourceId]),
      );
      return { ...page, edges: page.edges.map(({ cursor, node: { streamSeq: _seq, ...dto } }) => ({ cursor, node: dto })) };
    });
  }
}
