import { DomainError, SQL_QUERY_LIMITS, type SqlQueryRequest } from '@fulcrum/contracts';
import { resolveSandboxLimits } from './sandbox.limits';
import { wrapUserQuery } from './sandbox-views.sql';

const request = (extra: Partial<SqlQueryRequest> = {}): SqlQueryRequest => ({ projectId: 'p', query: 'SELECT 1', ...extra });

function fieldOf(extra: Partial<SqlQueryRequest>): unknown {
  try {
    resolveSandboxLimits(request(extra));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') return error.details?.['field'];
    throw error;
  }
  return undefined;
}

describe('resolveSandboxLimits', () => {
  it('applies the defaults', () => {
    expect(resolveSandboxLimits(request())).toEqual({ maxRows: 1000, timeoutMs: 10_000, maxResultBytes: SQL_QUERY_LIMITS.maxResultBytes });
    expect(resolveSandboxLimits(request({ maxRows: 10_000, timeoutMs: 10_000 }))).toMatchObject({ maxRows: 10_000, timeoutMs: 10_000 });
    expect(resolveSandboxLimits(request({ timeoutMs: 100 }))).toMatchObject({ timeoutMs: 100 });
  });

  it('refuses out-of-range values instead of clamping them', () => {
    expect(fieldOf({ maxRows: 0 })).toBe('maxRows');
    expect(fieldOf({ maxRows: 10_001 })).toBe('maxRows');
    expect(fieldOf({ maxRows: 2.5 })).toBe('maxRows');
    expect(fieldOf({ timeoutMs: 99 })).toBe('timeoutMs');
    expect(fieldOf({ timeoutMs: 10_001 })).toBe('timeoutMs');
    expect(fieldOf({ asOfDataVersion: '01' })).toBe('asOfDataVersion');
    expect(fieldOf({ query: '' })).toBe('query');
    expect(fieldOf({ query: 'x'.repeat(SQL_QUERY_LIMITS.maxQueryLength + 1) })).toBe('query');
    expect(fieldOf({ projectId: '' })).toBe('projectId');
  });
});

describe('wrapUserQuery', () => {
  it('puts the user text on its own lines, so a trailing line comment cannot swallow the closing parenthesis', () => {
    const { sql, bodyOffset } = wrapUserQuery('events AS (SELECT 1)', 'SELECT 1 -- note', '$9');
    expect(sql).toBe('WITH events AS (SELECT 1)\nSELECT * FROM (\nSELECT 1 -- note\n) AS q LIMIT $9');
    expect(sql.slice(bodyOffset, bodyOffset + 6)).toBe('SELECT');
  });
});
