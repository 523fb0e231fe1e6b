import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type InsightRequestBase, type InsightResultEnvelope } from '@fulcrum/contracts';
import { ANALYTICS_CONFIG, type AnalyticsConfig, DEFAULT_INSIGHT_TIMEOUT_MS } from '../config/analytics.env';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import type { ExhaustedResource } from '../duckdb/duckdb-error.classifier';
import { resourceExhaustedError } from '../duckdb/resource-exhausted.error';
import { readWithTimeLimit } from '../duckdb/time-limited.read';
import { readDataVersion } from './core/data-version.reader';
import { assertTimeZone } from './core/date-range.resolver';
import type { InsightScope } from './core/insight-scope';
import { queryFingerprint } from './core/query-fingerprint';
import { type SqlRunner, connectionRunner } from './core/sql-runner';

export type InsightRun<Q, R> = (runner: SqlRunner, scope: InsightScope, query: Q) => Promise<R>;

/**
 * Runs one insight in one DuckDB snapshot: resolves the data version (the current one, or the
 * requested earlier one), checks the time zone, runs the engine, and wraps the answer in its
 * envelope (data version, query fingerprint, time zone). An insight that runs past the time limit
 * is interrupted (DuckDB stops the running statement) and answered with INSIGHT_TIMEOUT; an
 * answer that arrives after the limit is refused the same way, so the outcome never depends on
 * where the engine was when the limit struck. An insight that reaches DuckDB's memory or spill
 * limit, or that is stopped to leave the memory to the event writer, is answered with
 * RESOURCE_EXHAUSTED (`details.kind`, `details.resource`).
 */
@Injectable()
export class InsightExecutor {
  private readonly timeoutMs: number;

  constructor(
    @Inject(DuckDbDatabase) private readonly db: DuckDbDatabase,
    @Inject(ANALYTICS_CONFIG) config: AnalyticsConfig,
  ) {
    this.timeoutMs = config.insightTimeoutMs ?? DEFAULT_INSIGHT_TIMEOUT_MS;
  }

  run<Q, R extends object>(kind: string, request: InsightRequestBase & { query: Q }, engine: InsightRun<Q, R>): Promise<InsightResultEnvelope & R> {
    return readWithTimeLimit(
      this.db,
      { timeoutMs: this.timeoutMs, timedOut: () => this.timeout(kind), exhausted: (resource, cause) => this.exhausted(kind, resource, cause) },
      (c) => this.runIn(connectionRunner(c), kind, request, engine),
    );
  }

  private exhausted(kind: string, resource: ExhaustedResource, cause: 'limit' | 'writer'): DomainError {
    return resourceExhaustedError(resource, cause, this.db.limits, `The ${kind} insight`, 'narrow the date range, name an event, or lower the depth', { kind });
  }

  private timeout(kind: string): DomainError {
    return new DomainError(
      'INSIGHT_TIMEOUT',
      `The ${kind} insight ran longer than the ${this.timeoutMs} ms limit and was interrupted: narrow the date range, name an event, or lower the depth.`,
      { kind, timeoutMs: this.timeoutMs },
    );
  }

  private async runIn<Q, R extends object>(
    runner: SqlRunner,
    kind: string,
    request: InsightRequestBase & { query: Q },
    engine: InsightRun<Q, R>,
  ): Promise<InsightResultEnvelope & R> {
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
  }
}
