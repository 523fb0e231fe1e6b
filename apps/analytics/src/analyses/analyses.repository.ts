import { Inject, Injectable } from '@nestjs/common';
import { ANALYSES_CURSOR, type AnalysisDto, type ErasureNoticeDto, type InsightSpec, type Page, encodeCursor, pageOf } from '@fulcrum/contracts';
import { DuckDbDatabase } from '../duckdb/duckdb.database';

const COLUMNS = `id, project_id, title, narrative, kind, CAST(query AS VARCHAR) AS query, CAST(result AS VARCHAR) AS result, result_digest,
  data_version, query_fingerprint, created_by, created_by_id, epoch_ms(created_at) AS created_ms, time_zone`;

/** Saved analyses (table `analyses`, owned by the analytics service). */
@Injectable()
export class AnalysesRepository {
  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  async insert(a: AnalysisDto): Promise<void> {
    await this.db.write((c) =>
      c.run(
        `INSERT INTO analyses (id, project_id, title, narrative, kind, query, result, result_digest, data_version, query_fingerprint, created_by, created_at, time_zone,
                               created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS UBIGINT), $10, $11, make_timestamptz(CAST($12 AS BIGINT) * 1000), $13, $14)`,
        [
          a.id,
          a.projectId,
          a.title,
          a.narrative,
          a.insight.kind,
          JSON.stringify(a.insight.query),
          JSON.stringify(a.result),
          a.resultDigest,
          a.dataVersion,
          a.queryFingerprint,
          a.createdBy,
          Date.parse(a.createdAt),
          a.timeZone,
          a.createdById ?? null,
        ],
      ),
    );
  }

  /** The analysis of this project with this id (another project's is as absent as an unknown id). */
  get(projectId: string, id: string): Promise<AnalysisDto | undefined> {
    return this.db.read(async (c) => {
      const rows = (await c.runAndReadAll(`SELECT ${COLUMNS} FROM analyses WHERE project_id = $1 AND id = $2`, [projectId, id])).getRowObjectsJS();
      return rows[0] ? toDto(rows[0]) : undefined;
    });
  }

  /**
   * A page of the project's analyses, newest first: keyset on (created_at DESC, id), so pages never
   * repeat or skip one saved meanwhile (new ones sort before the first page).
   */
  list(projectId: string, first: number, after: { createdMs: number; id: string } | undefined): Promise<Page<AnalysisDto>> {
    return this.db.read(async (c) => {
      const keyset = after
        ? `AND (created_at < make_timestamptz(CAST($3 AS BIGINT) * 1000) OR (created_at = make_timestamptz(CAST($3 AS BIGINT) * 1000) AND id > $4))`
        : '';
      const rows = (
        await c.runAndReadAll(`SELECT ${COLUMNS} FROM analyses WHERE project_id = $1 ${keyset} ORDER BY created_at DESC, id LIMIT $2`, [
          projectId,
          first + 1,
          ...(after ? [after.createdMs, after.id] : []),
        ])
      ).getRowObjectsJS();
      const total = (await c.runAndReadAll(`SELECT count(*) AS n FROM analyses WHERE project_id = $1`, [projectId])).getRowObjectsJS();
      return pageOf(rows.map(toDto), first, Number(total[0]?.['n'] ?? 0), (a) => encodeCursor(ANALYSES_CURSOR, [Date.parse(a.createdAt), a.id]));
    });
  }

  /** Erasures of the project recorded after `sinceIso`. */
  erasuresSince(projectId: string, sinceIso: string): Promise<ErasureNoticeDto[]> {
    return this.db.read(async (c) => {
      const rows = (
        await c.runAndReadAll(
          `SELECT id, epoch_ms(erased_at) AS ms, events_erased, reason FROM erasures
           WHERE project_id = $1 AND erased_at >= make_timestamptz(CAST($2 AS BIGINT) * 1000) ORDER BY erased_at, id`,
          [projectId, Date.parse(sinceIso)],
        )
      ).getRowObjectsJS();
      return rows.map((r) => ({
        id: String(r['id']),
        erasedAt: new Date(Number(r['ms'])).toISOString(),
        eventsErased: Number(r['events_erased']),
        reason: String(r['reason']),
      }));
    });
  }
}

function toDto(r: Record<string, unknown>): AnalysisDto {
  return {
    id: String(r['id']),
    projectId: String(r['project_id']),
    title: String(r['title']),
    narrative: String(r['narrative']),
    insight: { kind: String(r['kind']) as InsightSpec['kind'], query: JSON.parse(String(r['query'])) as Record<string, unknown> },
    timeZone: String(r['time_zone']),
    dataVersion: String(r['data_version']),
    queryFingerprint: String(r['query_fingerprint']),
    resultDigest: String(r['result_digest']),
    result: JSON.parse(String(r['result'])) as AnalysisDto['result'],
    createdBy: String(r['created_by']),
    ...(r['created_by_id'] !== null && r['created_by_id'] !== undefined && { createdById: String(r['created_by_id']) }),
    createdAt: new Date(Number(r['created_ms'])).toISOString(),
  };
}
