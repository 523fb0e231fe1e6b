import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type IdentityConflictReason, type ListIdentityConflictsReply, type ListIdentityConflictsRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { DuckDbDatabase } from '../duckdb/duckdb.database';

/** Identity merges that were refused, newest first (a PM or data scientist fixes the tracking). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class IdentityConflictsController {
  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  @MessagePattern(RPC.analyticsIdentityConflictsList)
  list(@Payload(new RpcPayloadPipe(RPC.analyticsIdentityConflictsList)) request: ListIdentityConflictsRequest): Promise<ListIdentityConflictsReply> {
    return this.db.read(async (c) => {
      const rows = (
        await c.runAndReadAll(
          `SELECT event_id, source_id, target_id, reason, existing_person_id, epoch_ms(recorded_at) AS ms
           FROM identity_conflicts WHERE project_id = $1 ORDER BY stream_seq DESC, event_id, source_id LIMIT $2 OFFSET $3`,
          [request.projectId, request.limit ?? 100, request.offset ?? 0],
        )
      ).getRowObjectsJS();
      const total = (await c.runAndReadAll(`SELECT count(*) AS n FROM identity_conflicts WHERE project_id = $1`, [request.projectId])).getRowObjectsJS();
      return {
        total: Number(total[0]?.['n'] ?? 0),
        conflicts: rows.map((r) => ({
          eventId: String(r['event_id']),
          sourceId: String(r['source_id']),
          targetId: String(r['target_id']),
          reason: String(r['reason']) as IdentityConflictReason,
          existingPersonId: String(r['existing_person_id']),
          recordedAt: new Date(Number(r['ms'])).toISOString(),
        })),
      };
    });
  }
}
