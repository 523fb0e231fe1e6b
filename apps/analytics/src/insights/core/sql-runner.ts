import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqlValue } from './sql-params';

/** Runs parameterised SQL inside one read snapshot and returns rows as plain JS objects. */
export interface SqlRunner {
  rows(sql: string, params: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
}

export function connectionRunner(c: DuckDBConnection): SqlRunner {
  return {
    async rows(sql, params) {
      const reader = await c.runAndReadAll(sql, params as SqlValue[]);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
  };
}
