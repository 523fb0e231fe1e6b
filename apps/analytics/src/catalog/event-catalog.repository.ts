import { Inject, Injectable } from '@nestjs/common';
import { CONSUMERS, type EventCatalogReply } from '@fulcrum/contracts';
import { DuckDbDatabase } from '../duckdb/duckdb.database';

const CATALOG_SQL = `
  SELECT event AS name,
         count(*) AS count,
         count(DISTINCT coalesce(user_id, anonymous_id)) AS unique_users,
         epoch_ms(min(timestamp)) AS first_seen_ms,
         epoch_ms(max(timestamp)) AS last_seen_ms
  FROM events
  WHERE project_id = $1 AND stream_seq <= $2
  GROUP BY event
  ORDER BY count DESC, name ASC`;

/**
 * The event catalog of a project as of the current data version, read in one snapshot: the
 * version and the rows belong together (events applied above the version are not yet included).
 */
@Injectable()
export class EventCatalogRepository {
  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  catalog(projectId: string): Promise<EventCatalogReply> {
    return this.db.read(async (c) => {
      const state = (
        await c.runAndReadAll('SELECT applied_floor FROM consumer_state WHERE consumer = $1', [CONSUMERS.analyticsEvents])
      ).getRowObjectsJS();
      const version = state[0] ? BigInt(state[0]['applied_floor'] as bigint | number) : 0n;
      const rows = (await c.runAndReadAll(CATALOG_SQL, [projectId, version])).getRowObjectsJS();
      const events = rows.map((r) => ({
        name: String(r['name']),
        count: Number(r['count']),
        uniqueUsers: Number(r['unique_users']),
        firstSeen: new Date(Number(r['first_seen_ms'])).toISOString(),
        lastSeen: new Date(Number(r['last_seen_ms'])).toISOString(),
      }));
      return {
        dataVersion: version.toString(),
        totalEvents: events.reduce((n, e) => n + e.count, 0),
        events,
      };
    });
  }
}
