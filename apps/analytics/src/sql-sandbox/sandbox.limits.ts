import { DomainError, SQL_QUERY_LIMITS, type SqlQueryRequest } from '@fulcrum/contracts';

/**
 * Largest values a sandboxed query may build with the functions whose result size is set by an
 * argument (sql-value-size.guard.ts). DuckDB builds such a value in one call, outside its
 * `memory_limit` and without checking for an interrupt (measured with DuckDB 1.5:
 * `len(range(500000000))` grew the process past 3 GB in seconds and ignored both), so the bounds
 * are checked before the query runs. They are small because a value is also copied once per row
 * of a 2,048-row vector when combined with a column: 100,000 bytes cost about 200 MB per vector.
 */
export const SANDBOX_VALUE_LIMITS = {
  /** Elements of one list built by range, generate_series, list_resize/array_resize or repeat. */
  maxListElements: 10_000,
  /** Bytes (characters) of one string or list built by repeat, lpad, rpad, printf, format or list_resize. */
  maxValueBytes: 100_000,
  /** Bits of one bitstring built by bitstring(). */
  maxBitstringBits: 800_000,
} as const;

export interface SandboxLimits {
  maxRows: number;
  timeoutMs: number;
  maxResultBytes: number;
}

const VERSION = /^(0|[1-9][0-9]{0,19})$/;

/**
 * Checks a request (again, behind the RPC schema) and applies the defaults. Everything wrong is
 * VALIDATION_FAILED naming the field; nothing is clamped silently.
 */
export function resolveSandboxLimits(request: SqlQueryRequest): SandboxLimits {
  if (typeof request.projectId !== 'string' || request.projectId === '') invalid('projectId', 'projectId is required.');
  if (typeof request.query !== 'string' || request.query.trim() === '') invalid('query', 'query must be a non-empty SQL text.');
  if (request.query.length > SQL_QUERY_LIMITS.maxQueryLength) {
    invalid('query', `query is ${request.query.length} characters long; the limit is ${SQL_QUERY_LIMITS.maxQueryLength}.`);
  }
  if (request.asOfDataVersion !== undefined && (typeof request.asOfDataVersion !== 'string' || !VERSION.test(request.asOfDataVersion))) {
    invalid('asOfDataVersion', 'asOfDataVersion must be a decimal data version.');
  }
  const maxRows = request.maxRows ?? SQL_QUERY_LIMITS.defaultMaxRows;
  if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > SQL_QUERY_LIMITS.maxMaxRows) {
    invalid('maxRows', `maxRows must be an integer from 1 to ${SQL_QUERY_LIMITS.maxMaxRows}.`);
  }
  const timeoutMs = request.timeoutMs ?? SQL_QUERY_LIMITS.defaultTimeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < SQL_QUERY_LIMITS.minTimeoutMs || timeoutMs > SQL_QUERY_LIMITS.maxTimeoutMs) {
    invalid('timeoutMs', `timeoutMs must be an integer from ${SQL_QUERY_LIMITS.minTimeoutMs} to ${SQL_QUERY_LIMITS.maxTimeoutMs}.`);
  }
  return { maxRows, timeoutMs, maxResultBytes: SQL_QUERY_LIMITS.maxResultBytes };
}

function invalid(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', message, { field });
}
