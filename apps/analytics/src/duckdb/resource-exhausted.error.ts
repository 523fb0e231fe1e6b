import { DomainError } from '@fulcrum/contracts';
import type { ExhaustedResource } from './duckdb-error.classifier';
import { type DuckDbLimits, formatBytes } from './duckdb.limits';

/**
 * RESOURCE_EXHAUSTED for a read that DuckDB stopped at one of the instance's limits, or that was
 * stopped to leave the memory to the event writer. Our own words, never DuckDB's message (the spill
 * errors name settings and, for I/O, files of the server). `subject` names what ran ("The query",
 * "The funnel insight"); `hint` says how to make it lighter.
 */
export function resourceExhaustedError(
  resource: ExhaustedResource,
  cause: 'limit' | 'writer',
  limits: DuckDbLimits,
  subject: string,
  hint: string,
  details: Record<string, unknown> = {},
): DomainError {
  if (cause === 'writer') {
    return new DomainError(
      'RESOURCE_EXHAUSTED',
      `${subject} was stopped: the analytics store ran short of memory while it ran, and storing incoming events comes first. Retry later, or ${hint}.`,
      { ...details, resource, limitBytes: limits.memoryLimitBytes },
    );
  }
  const limitBytes = resource === 'memory' ? limits.memoryLimitBytes : limits.maxTempDirectorySizeBytes;
  const what = resource === 'memory' ? `memory than the analytics store allows (${formatBytes(limitBytes)}, shared by all queries)` : `temporary disk space than the analytics store allows (${formatBytes(limitBytes)})`;
  return new DomainError('RESOURCE_EXHAUSTED', `${subject} needed more ${what} and was stopped: ${hint}.`, { ...details, resource, limitBytes });
}
