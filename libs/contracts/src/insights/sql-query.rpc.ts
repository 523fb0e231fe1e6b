/**
 * Sandboxed SQL: one read-only DuckDB SELECT over one project's `events` and `persons` views, as of
 * one data version. What is visible, what is refused and how values are encoded: docs/sql-sandbox.md.
 */
import { type Static, Type } from '@sinclair/typebox';
import { closedObject } from '../json-schema/json-schema.builders';
import { insightRequestBaseProperties } from './insight-common';

/** Defaults and bounds of a sandboxed query (validated by the analytics service). */
export const SQL_QUERY_LIMITS = {
  /** Longest query text, in characters. */
  maxQueryLength: 100_000,
  defaultMaxRows: 1_000,
  maxMaxRows: 10_000,
  defaultTimeoutMs: 10_000,
  minTimeoutMs: 100,
  /**
   * Under the gateway's 15 s RPC timeout with room for the checks and the reply, so a caller always
   * gets SQL_TIMEOUT (answered at the limit) rather than SERVICE_UNAVAILABLE.
   */
  maxTimeoutMs: 10_000,
  /** Largest result, measured as the UTF-8 length of the JSON of `rows` (4 MiB). */
  maxResultBytes: 4 * 1024 * 1024,
} as const;

export interface SqlColumnDto {
  /** The column name as DuckDB reports it (duplicates are possible, e.g. `SELECT 1 AS a, 2 AS a`). */
  name: string;
  /** The DuckDB type name (`BIGINT`, `TIMESTAMP WITH TIME ZONE`, `JSON`, `VARCHAR[]`, `STRUCT(a INTEGER)`, ...). */
  type: string;
}

export interface SqlQueryReplyDto {
  /** The data version the query ran at (decimal string). */
  dataVersion: string;
  columns: SqlColumnDto[];
  /**
   * One array per row, values in column order, JSON-safe (docs/sql-sandbox.md "Values"): exact
   * numbers that a JSON number cannot carry exactly (integers beyond ±(2^53−1), decimals with more
   * than 15 significant digits) are decimal strings; timestamps are ISO-8601 strings; JSON values
   * are parsed; lists/arrays are arrays, structs objects, maps arrays of `{ key, value }`.
   */
  rows: unknown[][];
  /** `rows.length`. */
  rowCount: number;
  /** True when the query produced more than `maxRows` rows (only the first `maxRows` are returned). */
  truncated: boolean;
  /** Wall time of the whole request in the service (checks and execution), in ms. */
  elapsedMs: number;
}

export const sqlQueryRequestSchema = closedObject({
  projectId: insightRequestBaseProperties.projectId,
  /** One DuckDB SELECT statement (≤ 100,000 characters); a trailing semicolon is allowed. */
  query: Type.String({ minLength: 1, maxLength: SQL_QUERY_LIMITS.maxQueryLength }),
  /** Run as of this data version (decimal string). Default: the current one; above it: DATA_VERSION_UNAVAILABLE. */
  asOfDataVersion: insightRequestBaseProperties.asOfDataVersion,
  /** Most rows returned, default 1,000, at most 10,000 (more rows set `truncated`). */
  maxRows: Type.Optional(Type.Integer({ minimum: 1, maximum: SQL_QUERY_LIMITS.maxMaxRows })),
  /** Time limit, default and at most 10,000 ms, at least 100 ms (past it: SQL_TIMEOUT). */
  timeoutMs: Type.Optional(Type.Integer({ minimum: SQL_QUERY_LIMITS.minTimeoutMs, maximum: SQL_QUERY_LIMITS.maxTimeoutMs })),
});
export type SqlQueryRequest = Static<typeof sqlQueryRequestSchema>;
