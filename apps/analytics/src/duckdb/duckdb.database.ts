import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ANALYTICS_MIGRATIONS } from './analytics-schema';

/**
 * The analytics DuckDB file: one instance, one writer connection (only the event consumer writes),
 * and a fresh connection per read, so reads see committed snapshots and never block appends.
 */
export class DuckDbDatabase {
  private constructor(
    private readonly instance: DuckDBInstance,
    private currentWriter: DuckDBConnection,
  ) {}

  /** The writer connection (the event consumer's); replaced after a failed write, see `replaceWriter`. */
  get writer(): DuckDBConnection {
    return this.currentWriter;
  }

  /**
   * Swaps the writer for a fresh connection after a failed write, so no state of the failed
   * transaction (an aborted transaction, an appender left open, temp rows) can reach the next one.
   * Temp tables are per connection: the caller re-creates its own.
   */
  async replaceWriter(): Promise<DuckDBConnection> {
    const old = this.currentWriter;
    this.currentWriter = await this.instance.connect();
    try {
      old.closeSync();
    } catch {
      // Already unusable: dropping it is the point.
    }
    return this.currentWriter;
  }

  static async open(path: string): Promise<DuckDbDatabase> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // No file, network or extension access beyond the database file itself: the sandboxed SQL of
    // data scientists runs on this instance, and nothing else here needs it (defence in depth
    // behind the statement guard). ICU and JSON are built in.
    const instance = await DuckDBInstance.create(path, {
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
    });
    const writer = await instance.connect();
    // Fewer, larger checkpoints: at the 16 MB default, checkpoints (which also rewrite the primary
    // key index) stall the consumer every few seconds under load. Cost: a longer WAL replay after a
    // crash. Measured in docs/performance.md.
    await writer.run(`SET checkpoint_threshold = '256MB'`);
    await migrate(writer);
    return new DuckDbDatabase(instance, writer);
  }

  /**
   * Runs a read on its own short-lived connection (cheap in DuckDB): concurrent queries each get a
   * consistent snapshot inside their own transaction.
   */
  async read<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.instance.connect();
    try {
      await c.run('BEGIN TRANSACTION');
      try {
        return await fn(c);
      } finally {
        await c.run('ROLLBACK');
      }
    } finally {
      c.closeSync();
    }
  }

  /**
   * Runs a small write (saved analyses) in its own transaction on its own connection, apart from
   * the consumer's writer connection, so it never joins the consumer's open transaction. DuckDB's
   * optimistic concurrency lets both append; they never touch the same rows.
   */
  async write<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.instance.connect();
    try {
      await c.run('BEGIN TRANSACTION');
      try {
        const result = await fn(c);
        await c.run('COMMIT');
        return result;
      } catch (error) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      c.closeSync();
    }
  }

  close(): void {
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

async function migrate(c: DuckDBConnection): Promise<void> {
  await c.run(`CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
  const applied = new Set((await c.runAndReadAll('SELECT id FROM schema_migrations')).getRowObjects().map((r) => Number(r['id'])));
  for (const m of ANALYTICS_MIGRATIONS) {
    if (applied.has(m.id)) continue;
    await c.run('BEGIN TRANSACTION');
    try {
      for (const sql of m.sql) await c.run(sql);
      await c.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.id, m.name]);
      await c.run('COMMIT');
    } catch (error) {
      await c.run('ROLLBACK');
      throw error;
    }
  }
}
