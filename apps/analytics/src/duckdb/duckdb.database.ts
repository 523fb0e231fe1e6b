import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ANALYTICS_MIGRATIONS } from './analytics-schema';
import { Logger } from '@nestjs/common';
import { type DuckDbLimitOverrides, type DuckDbLimits, formatBytes, resolveDuckDbLimits } from './duckdb.limits';

/** A read in progress; `yieldToWriter` is set for reads that give way to the writer (`readYielding`). */
interface ActiveRead {
  connection: DuckDBConnection;
  yieldToWriter?: () => void;
  settled: Promise<void>;
}

/** How long a failed write waits for the reads it stopped to let go of their memory. */
const YIELD_WAIT_MS = 5_000;
/**
 * Tracked memory at or above this share of `memory_limit` after a failed write counts as memory
 * pressure from reads. Spilling operators fill the pool up to the limit and keep it there (measured
 * with duckdb_memory(): GROUP BY, ORDER BY and hash joins all sit at 99-100 % while they spill).
 */
const PRESSURE_RATIO = 0.9;

/**
 * The analytics DuckDB file: one instance, one writer connection (only the event consumer writes),
 * and a fresh connection per read, so reads see committed snapshots and never block appends.
 */
export class DuckDbDatabase {
  /** Connections of reads and small writes in progress: interrupted at close. */
  private readonly active = new Set<ActiveRead>();
  private readonly logger = new Logger('DuckDb');
  private memoryWatch: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    private currentWriter: DuckDBConnection,
    /** The limits in force (docs/operator-guide.md "DuckDB limits"). */
    readonly limits: DuckDbLimits,
  ) {}

  /** The writer connection (the event consumer's); replaced after a failed write, see `replaceWriter`. */
  get writer(): DuckDBConnection {
    return this.currentWriter;
  }

  /**
   * Swaps the writer for a fresh connection after a failed write, so no state of the failed
   * transaction (an aborted transaction, an appender left open, temp rows) can reach the next one.
   * Temp tables are per connection: the caller re-creates its own.
   *
   * The writer has priority over the reads that yield (`readYielding`: sandboxed SQL and insights).
   * DuckDB's `memory_limit` is global (1.5 has no per-connection limit), so a read that fills the
   * buffer pool can make the writer's next allocation fail with "Out of Memory Error". When the
   * pool is still nearly full after a failed write, those reads are stopped (they answer
   * RESOURCE_EXHAUSTED) and their memory released before the fresh writer is handed back, so the
   * caller's retry finds the memory it needs.
   */
  async replaceWriter(): Promise<DuckDBConnection> {
    const old = this.currentWriter;
    this.currentWriter = await this.instance.connect();
    try {
      old.closeSync();
    } catch {
      // Already unusable: dropping it is the point.
    }
    await this.relieveMemoryPressure(this.currentWriter);
    return this.currentWriter;
  }

  private async relieveMemoryPressure(c: DuckDBConnection): Promise<void> {
    if (![...this.active].some((r) => r.yieldToWriter !== undefined)) return;
    const used = await trackedMemoryBytes(c).catch(() => Number.POSITIVE_INFINITY);
    if (used < this.limits.memoryLimitBytes * PRESSURE_RATIO) return;
    await this.stopYieldingReads();
  }

  /**
   * Every `processMemoryCheckMs`, compares the process's resident memory with the limits'
   * `processMemoryCeilingBytes`; past it, the running queries are stopped (they answer
   * RESOURCE_EXHAUSTED), so a value DuckDB builds outside its `memory_limit` cannot take the
   * service, and the events it stores, down with it. `rss` is for tests.
   */
  watchProcessMemory(processMemoryCheckMs = 200, rss: () => number = () => process.memoryUsage.rss()): void {
    clearInterval(this.memoryWatch);
    this.memoryWatch = setInterval(() => {
      const used = rss();
      if (used <= this.limits.processMemoryCeilingBytes || this.stopping) return;
      const running = [...this.active].filter((r) => r.yieldToWriter !== undefined).length;
      if (running === 0) return;
      this.logger.warn(`process memory ${formatBytes(used)} is past its ceiling (${formatBytes(this.limits.processMemoryCeilingBytes)}): stopping ${running} running queries`);
      this.stopping = this.stopYieldingReads().finally(() => (this.stopping = undefined));
    }, processMemoryCheckMs);
    this.memoryWatch.unref();
  }

  /** Interrupts the reads that yield (sandboxed SQL, insights) and waits a while for them to let go of their memory. */
  private async stopYieldingReads(): Promise<void> {
    const yielding = [...this.active].filter((r) => r.yieldToWriter !== undefined);
    for (const r of yielding) {
      r.yieldToWriter?.();
      r.connection.interrupt();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(yielding.map((r) => r.settled)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, YIELD_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  static async open(path: string, overrides: DuckDbLimitOverrides = {}): Promise<DuckDbDatabase> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const limits = resolveDuckDbLimits(path, overrides);
    // No file, network or extension access beyond the database file itself: the sandboxed SQL of
    // data scientists runs on this instance, and nothing else here needs it (defence in depth
    // behind the statement guard). ICU and JSON are built in. The resource limits come first: once
    // external access is off, DuckDB refuses to set temp_directory. An in-memory database does not
    // spill (DuckDB's default would be `.tmp` in the working directory).
    const instance = await DuckDBInstance.create(path, {
      memory_limit: `${limits.memoryLimitBytes} bytes`,
      temp_directory: limits.tempDirectory ?? '',
      ...(limits.threads !== undefined && { threads: String(limits.threads) }),
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
    });
    const writer = await instance.connect();
    // Set once started: given to DuckDBInstance.create, DuckDB 1.5.6 reports this value but does not
    // enforce it (measured: 240 MB spilled under a 30 MB setting); SET is enforced.
    if (limits.tempDirectory !== undefined) await writer.run(`SET max_temp_directory_size = '${limits.maxTempDirectorySizeBytes} bytes'`);
    // Fewer, larger checkpoints: at the 16 MB default, checkpoints (which also rewrite the primary
    // key index) stall the consumer every few seconds under load. Cost: a longer WAL replay after a
    // crash. Measured in docs/performance.md.
    await writer.run(`SET checkpoint_threshold = '256MB'`);
    await migrate(writer);
    return new DuckDbDatabase(instance, writer, limits);
  }

  /**
   * Runs a read on its own short-lived connection (cheap in DuckDB): concurrent queries each get a
   * consistent snapshot inside their own transaction.
   */
  read<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.readOn(fn, undefined);
  }

  /**
   * A read that gives way to the writer: when a write fails while the memory is full, the read is
   * interrupted and `yieldToWriter` called first (see `replaceWriter`). For the reads whose size
   * users decide: sandboxed SQL and insights.
   */
  readYielding<T>(fn: (c: DuckDBConnection) => Promise<T>, yieldToWriter: () => void): Promise<T> {
    return this.readOn(fn, yieldToWriter);
  }

  private async readOn<T>(fn: (c: DuckDBConnection) => Promise<T>, yieldToWriter: (() => void) | undefined): Promise<T> {
    const c = await this.instance.connect();
    let settle!: () => void;
    const entry: ActiveRead = { connection: c, yieldToWriter, settled: new Promise((resolve) => (settle = resolve)) };
    this.active.add(entry);
    try {
      await c.run('BEGIN TRANSACTION');
      try {
        return await fn(c);
      } finally {
        await c.run('ROLLBACK');
      }
    } finally {
      this.active.delete(entry);
      c.closeSync();
      settle();
    }
  }

  /**
   * Runs a small write (saved analyses) in its own transaction on its own connection, apart from
   * the consumer's writer connection, so it never joins the consumer's open transaction. DuckDB's
   * optimistic concurrency lets both append; they never touch the same rows.
   */
  async write<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.instance.connect();
    let settle!: () => void;
    const entry: ActiveRead = { connection: c, settled: new Promise((resolve) => (settle = resolve)) };
    this.active.add(entry);
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
      this.active.delete(entry);
      c.closeSync();
      settle();
    }
  }

  /**
   * Interrupts what still runs (a read answered at its time limit may still be winding down; the
   * instance, and the process with it, would stay alive until that statement ends), then closes.
   */
  close(): void {
    clearInterval(this.memoryWatch);
    for (const r of this.active) r.connection.interrupt();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

/** Bytes held by DuckDB's buffer manager (every tag: operators, cached blocks, indexes). */
async function trackedMemoryBytes(c: DuckDBConnection): Promise<number> {
  const reader = await c.runAndReadAll('SELECT sum(memory_usage_bytes) FROM duckdb_memory()');
  return Number(reader.getRows()[0][0] ?? 0);
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
