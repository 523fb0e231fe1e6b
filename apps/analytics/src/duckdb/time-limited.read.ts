import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbDatabase } from './duckdb.database';

/**
 * Runs a read (`DuckDbDatabase.read`) under a time limit: when `timeoutMs` passes, DuckDB is told
 * to interrupt the connection's running statement, and the read ends with `timedOut()`'s error
 * whatever happened meanwhile (an interrupted statement's error, a statement that finished just
 * in time, or an answer computed after the limit), so the outcome never depends on where the
 * work was when the limit struck.
 */
export async function readWithTimeLimit<T>(
  db: DuckDbDatabase,
  timeoutMs: number,
  timedOut: () => Error,
  fn: (c: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const state = { timedOut: false };
  try {
    return await db.read(async (c) => {
      const timer = setTimeout(() => {
        state.timedOut = true;
        c.interrupt();
      }, timeoutMs);
      try {
        const result = await fn(c);
        if (state.timedOut) throw timedOut();
        return result;
      } finally {
        clearTimeout(timer);
      }
    });
  } catch (error) {
    if (state.timedOut) throw timedOut();
    throw error;
  }
}
