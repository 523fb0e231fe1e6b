import { DomainError, SQL_QUERY_LIMITS, type SqlQueryRequest } from '@fulcrum/contracts';

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
