import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type InsightRequestBase, type InsightResultEnvelope } from '@fulcrum/contracts';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import { readDataVersion } from './core/data-version.reader';
import { assertTimeZone } from './core/date-range.resolver';
import type { InsightScope } from './core/insight-scope';
import { queryFingerprint } from './core/query-fingerprint';
import { type SqlRunner, connectionRunner } from './core/sql-runner';

export type InsightRun<Q, R> = (runner: SqlRunner, scope: InsightScope, query: Q) => Promise<R>;

/**
 * Runs one insight in one DuckDB snapshot: resolves the data version (the current one, or the
 * requested earlier one), checks the time zone, runs the engine, and wraps the answer in its
 * envelope (data version, query fingerprint, time zone).
 */
@Injectable()
export class InsightExecutor {
  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  run<Q, R extends object>(kind: string, request: InsightRequestBase & { query: Q }, engine: InsightRun<Q, R>): Promise<InsightResultEnvelope & R> {
    return this.db.read(async (c) => {
      const runner = connectionRunner(c);
      const current = await readDataVersion(runner);
      const version = request.asOfDataVersion === undefined ? current : BigInt(request.asOfDataVersion);
      if (version > current) {
        throw new DomainError(
          'DATA_VERSION_UNAVAILABLE',
          `Data version ${version} is not available yet: the current data version is ${current}.`,
          { requested: version.toString(), current: current.toString() },
        );
      }
      const timeZone = request.timeZone ?? 'UTC';
      await assertTimeZone(runner, timeZone);
      const result = await engine(runner, { projectId: request.projectId, dataVersion: version, timeZone }, request.query);
      return {
        dataVersion: version.toString(),
        queryFingerprint: queryFingerprint(kind, request.projectId, timeZone, request.query),
        timeZone,
        ...result,
      };
    });
  }
}
