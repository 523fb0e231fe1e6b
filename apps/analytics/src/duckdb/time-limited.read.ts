import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbDatabase } from './duckdb.database';
import { type ExhaustedResource, exhaustedResource } from './duckdb-error.classifier';

export interface ReadLimit {
  timeoutMs: number;
  /** The answer when the time limit passed. */
  timedOut: () => Error;
  /**
   * The answer when DuckDB ran out of memory or spill space (`'limit'`), or when the read was
   * stopped to leave the memory to the event writer (`'writer'`, see `DuckDbDatabase.replaceWriter`).
   */
  exhausted: (resource: ExhaustedResource, cause: 'limit' | 'writer') => Error;
}

/**
 * Runs a read that gives way to the writer (`DuckDbDatabase.readYielding`) under a time limit.
 * When `timeoutMs` passes, DuckDB is told to interrupt the connection's running statement and the
 * caller gets `timedOut()`'s error at once: DuckDB stops at its next check, which can come seconds
 * later (a spilling hash join took 3.9 s), and the caller's own deadline (the gateway gives up
 * after 15 s) must not depend on that. The statement winds down in the background and its
 * connection is closed then. An answer computed after the limit is refused the same way, so the
 * outcome never depends on where the work was when the limit struck.
 */
export function readWithTimeLimit<T>(db: DuckDbDatabase, limit: ReadLimit, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const state: { timedOut: boolean; yielded: boolean; connection?: DuckDBConnection } = { timedOut: false, yielded: false };
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      state.timedOut = true;
      state.connection?.interrupt();
      reject(limit.timedOut());
    }, limit.timeoutMs);
    db.readYielding(
      async (c) => {
        state.connection = c;
        if (state.timedOut) throw limit.timedOut();
        return fn(c);
      },
      () => {
        state.yielded = true;
      },
    ).then(
      (result) => {
        clearTimeout(timer);
        if (state.timedOut) reject(limit.timedOut());
        else resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (state.timedOut) return reject(limit.timedOut());
        if (state.yielded) return reject(limit.exhausted('memory', 'writer'));
        const resource = exhaustedResource(error);
        reject(resource === undefined ? error : limit.exhausted(resource, 'limit'));
      },
    );
  });
}
