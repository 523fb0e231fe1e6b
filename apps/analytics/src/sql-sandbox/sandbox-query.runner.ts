import type { DuckDBConnection } from '@duckdb/node-api';
import { DomainError, type SqlColumnDto, type SqlQueryReplyDto, type SqlQueryRequest } from '@fulcrum/contracts';
import type { DuckDbDatabase } from '../duckdb/duckdb.database';
import { type ExhaustedResource, exhaustedResource, isDuckDbIoError } from '../duckdb/duckdb-error.classifier';
import { resourceExhaustedError } from '../duckdb/resource-exhausted.error';
import { readWithTimeLimit } from '../duckdb/time-limited.read';
import { readDataVersion } from '../insights/core/data-version.reader';
import { SqlParams } from '../insights/core/sql-params';
import { connectionRunner } from '../insights/core/sql-runner';
import { duckDbTypeName, toJsonSafe } from './sandbox-result.converter';
import { sandboxViewsSql, wrapUserQuery } from './sandbox-views.sql';
import { type SandboxLimits, resolveSandboxLimits } from './sandbox.limits';
import { guardQuery } from './sql-statement.guard';

/**
 * Runs one sandboxed, read-only SQL query over one project's `events` and `persons` views as of
 * one data version (docs/sql-sandbox.md). Layers, each sufficient for file access on its own:
 * the DuckDB instance has external access and extension loading off; the query must pass the
 * parse-tree and the bound-plan checks (sql-statement.guard); it runs in a read transaction that
 * is rolled back, on its own connection, with the views as CTEs that shadow the stored table.
 *
 * Errors: VALIDATION_FAILED (request), DATA_VERSION_UNAVAILABLE, SQL_NOT_ALLOWED, SQL_INVALID
 * (syntax, binding or run-time error, DuckDB's message), SQL_TIMEOUT (interrupted at the time
 * limit, which covers the checks too), RESOURCE_EXHAUSTED (a value over the sandbox's size bounds,
 * DuckDB's memory or spill limit reached, or stopped to leave the memory to the event writer),
 * RESULT_TOO_LARGE (rows JSON over 4 MiB).
 */
export class SandboxQueryRunner {
  constructor(private readonly db: DuckDbDatabase) {}

  async run(request: SqlQueryRequest): Promise<SqlQueryReplyDto> {
    const started = performance.now();
    const limits = resolveSandboxLimits(request);
    return readWithTimeLimit(
      this.db,
      { timeoutMs: limits.timeoutMs, timedOut: () => timeout(limits), exhausted: (resource, cause) => this.exhausted(resource, cause) },
      async (c) => ({ ...(await this.runIn(c, request, limits)), elapsedMs: Math.round(performance.now() - started) }),
    );
  }

  private exhausted(resource: ExhaustedResource, cause: 'limit' | 'writer'): DomainError {
    return resourceExhaustedError(resource, cause, this.db.limits, 'The query', 'aggregate earlier, select fewer columns, or narrow the rows (a WHERE on timestamp or event)');
  }

  private async runIn(c: DuckDBConnection, request: SqlQueryRequest, limits: SandboxLimits): Promise<Omit<SqlQueryReplyDto, 'elapsedMs'>> {
    // Deterministic whatever the server's zone: TIMESTAMPTZ arithmetic and text are in UTC (this
    // connection only; it is closed after the query).
    await c.run(`SET TimeZone = 'UTC'`);
    const current = await readDataVersion(connectionRunner(c));
    const version = request.asOfDataVersion === undefined ? current : BigInt(request.asOfDataVersion);
    if (version > current) {
      throw new DomainError('DATA_VERSION_UNAVAILABLE', `Data version ${version} is not available yet: the current data version is ${current}.`, {
        requested: version.toString(),
        current: current.toString(),
      });
    }
    const { body } = await guardQuery(c, request.query);
    const params = new SqlParams();
    const views = sandboxViewsSql({ projectId: request.projectId, dataVersion: version }, params);
    const { sql } = wrapUserQuery(views, body, params.addTyped(limits.maxRows + 1, 'BIGINT'));
    return { dataVersion: version.toString(), ...(await execute(c, sql, params, limits)) };
  }
}

async function execute(c: DuckDBConnection, sql: string, params: SqlParams, limits: SandboxLimits): Promise<Omit<SqlQueryReplyDto, 'elapsedMs' | 'dataVersion'>> {
  try {
    const result = await c.stream(sql, params.values);
    const types = result.columnTypes();
    const columns: SqlColumnDto[] = result.columnNames().map((name, i) => ({ name, type: duckDbTypeName(types[i]) }));
    const rows: unknown[][] = [];
    let bytes = 2; // "[]"
    let seen = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      for (const values of chunk.getRows()) {
        seen += 1;
        if (seen > limits.maxRows) break;
        const row = values.map((v, i) => toJsonSafe(v, types[i]));
        bytes += Buffer.byteLength(JSON.stringify(row)) + (rows.length > 0 ? 1 : 0);
        if (bytes > limits.maxResultBytes) {
          throw new DomainError(
            'RESULT_TOO_LARGE',
            `The result is larger than ${limits.maxResultBytes} bytes of JSON (after ${rows.length} rows): select fewer columns or rows, or aggregate.`,
            { maxBytes: limits.maxResultBytes, rowsBeforeLimit: rows.length },
          );
        }
        rows.push(row);
      }
      if (seen > limits.maxRows) break;
    }
    return { columns, rows, rowCount: rows.length, truncated: seen > limits.maxRows };
  } catch (error) {
    // Limits reached are mapped by readWithTimeLimit; I/O errors name server files (INTERNAL, logged).
    if (error instanceof DomainError || exhaustedResource(error) !== undefined || isDuckDbIoError(error)) throw error;
    throw new DomainError('SQL_INVALID', duckDbMessage(error), {});
  }
}

/** DuckDB's message without the SQL context lines (they quote the wrapped statement, not the user's text). */
function duckDbMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\n\s*\nLINE \d+:/)[0].trim();
}

function timeout(limits: SandboxLimits): DomainError {
  return new DomainError('SQL_TIMEOUT', `The query ran longer than its ${limits.timeoutMs} ms limit and was interrupted.`, { timeoutMs: limits.timeoutMs });
}
