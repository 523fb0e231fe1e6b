import { randomUUID } from 'node:crypto';
import { DuckDBTimestampTZValue as TimestampTZ } from '@duckdb/node-api';
import { DuckDbDatabase } from '../../../src/duckdb/duckdb.database';
import type { InsightScope } from '../../../src/insights/core/insight-scope';
import { type SqlRunner, connectionRunner } from '../../../src/insights/core/sql-runner';

/**
 * One stored event as the insight engine sees it. `distinctId` is the event's own id; when
 * `personId`/`personLinkSeq` are given, an identity link maps it to that person from that stream
 * position on (as the consumer writes it).
 */
export interface TestEvent {
  id?: string;
  event: string;
  distinctId: string;
  personId?: string;
  personLinkSeq?: number;
  /** ISO-8601 instant. */
  timestamp: string;
  properties?: Record<string, unknown>;
  /** Stream position (default 1). */
  seq?: number;
}

/**
 * A real DuckDB (in memory) with the analytics schema (all migrations), for engine tests. Each
 * test or property run uses its own project id, so runs never see each other's events.
 */
export class InsightTestDb {
  private constructor(readonly db: DuckDbDatabase) {}

  static async create(): Promise<InsightTestDb> {
    return new InsightTestDb(await DuckDbDatabase.open(':memory:'));
  }

  /** Stores the events under a new project id and returns it. */
  async insert(events: readonly TestEvent[], projectId: string = randomUUID()): Promise<string> {
    const links = linksOf(events);
    if (events.length === 0) return projectId;
    const appender = await this.db.writer.createAppender('events');
    try {
      for (const e of events) {
        const ts = BigInt(Date.parse(e.timestamp)) * 1000n;
        if (Number.isNaN(Date.parse(e.timestamp))) throw new Error(`bad timestamp ${e.timestamp}`);
        appender.appendVarchar(projectId);
        appender.appendVarchar(e.id ?? randomUUID());
        appender.appendVarchar('track');
        appender.appendVarchar(e.event);
        appender.appendVarchar(e.distinctId); // user_id
        appender.appendNull(); // anonymous_id
        appender.appendTimestampTZ(new TimestampTZ(ts));
        appender.appendTimestampTZ(new TimestampTZ(ts));
        appender.appendNull(); // sent_at
        appender.appendVarchar(JSON.stringify(e.properties ?? {}));
        appender.appendVarchar('{}');
        appender.appendUBigInt(BigInt(e.seq ?? 1));
        appender.appendVarchar(e.distinctId);
        if (e.personId !== undefined && e.personLinkSeq !== undefined) {
          appender.appendVarchar(e.personId);
          appender.appendUBigInt(BigInt(e.personLinkSeq));
        } else {
          appender.appendNull();
          appender.appendNull();
        }
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
    // The identity map the consumer would have written alongside (engines may read either form).
    const linkAppender = await this.db.writer.createAppender('identity_links');
    try {
      for (const [distinctId, link] of links) {
        linkAppender.appendVarchar(projectId);
        linkAppender.appendVarchar(distinctId);
        linkAppender.appendVarchar(link.personId);
        linkAppender.appendUBigInt(BigInt(link.seq));
        linkAppender.appendVarchar(`link-${distinctId}`);
        linkAppender.appendTimestampTZ(new TimestampTZ(0n));
        linkAppender.endRow();
      }
    } finally {
      linkAppender.closeSync();
    }
    return projectId;
  }

  /** The scope of a project: as of `dataVersion` (default: everything), in `timeZone` (default UTC). */
  scope(projectId: string, options: { dataVersion?: number | bigint; timeZone?: string } = {}): InsightScope {
    return { projectId, dataVersion: BigInt(options.dataVersion ?? Number.MAX_SAFE_INTEGER), timeZone: options.timeZone ?? 'UTC' };
  }

  /** Runs `fn` in one read snapshot, as the service does. */
  read<T>(fn: (runner: SqlRunner) => Promise<T>): Promise<T> {
    return this.db.read((c) => fn(connectionRunner(c)));
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The identity links a log implies: every event of a linked distinct id carries the same person
 * and link position (as the consumer stores them). A log that says otherwise is not a state the
 * service can reach, so it is refused rather than stored.
 */
function linksOf(events: readonly TestEvent[]): Map<string, { personId: string; seq: number }> {
  const links = new Map<string, { personId: string; seq: number } | null>();
  for (const e of events) {
    const link = e.personId !== undefined && e.personLinkSeq !== undefined ? { personId: e.personId, seq: e.personLinkSeq } : null;
    if (!links.has(e.distinctId)) {
      links.set(e.distinctId, link);
      continue;
    }
    const known = links.get(e.distinctId) ?? null;
    if (known?.personId !== link?.personId || known?.seq !== link?.seq) {
      throw new Error(`test log: events of ${e.distinctId} disagree on its identity link (${JSON.stringify(known)} vs ${JSON.stringify(link)})`);
    }
  }
  const out = new Map<string, { personId: string; seq: number }>();
  for (const [id, link] of links) if (link) out.set(id, link);
  return out;
}
