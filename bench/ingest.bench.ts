/**
 * Ingest benchmark: the raw DuckDB Appender baseline and the whole platform end to end, measured
 * in the same run on the same machine. Prints figures (human-readable, then one JSON line) and
 * asserts nothing. Exit code 1 only when something failed (a request not answered 200, the
 * platform not starting, a bad option, ...).
 *
 *   npm run bench:ingest [-- --events=N --concurrency=C --batch-size=100 --txn-rows=50000
 *                            --warmup-events=2000 --poll-ms=50 --settle-timeout-s=600
 *                            --skip-baseline --timeline --cpu-prof[=DIR]]
 *   (BENCH_EVENTS and BENCH_CONCURRENCY are read when the options are not given)
 *
 * What every figure means exactly: docs/performance.md.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type TempDir, makeTempDir } from '@fulcrum/testing';
import { type Platform, createProject, openPlatform, sendAll, waitForCatalog } from './support/bench-platform';
import { type BaselineFigures, measureDuckDbBaseline } from './support/duckdb-baseline';
import { type CpuPhase, CpuSampler, machineInfo, percentile, round } from './support/machine';
import { type Profiler, startProfiler } from './support/cpu-profile.preload';
import { nativeBodies } from './support/synthetic-events';

interface Options {
  events: number;
  concurrency: number;
  batchSize: number;
  /** Rows per transaction in the exactly-once baseline. */
  txnRows: number;
  warmupEvents: number;
  pollMs: number;
  settleTimeoutMs: number;
  skipBaseline: boolean;
  timeline: boolean;
  /** When set, the timed window is CPU-profiled (services and this client) into this folder. */
  cpuProfDir?: string;
}

function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    args.set(m[1], m[2] ?? 'true');
  }
  const int = (name: string, envName: string | undefined, fallback: number): number => {
    const raw = args.get(name) ?? (envName ? env[envName] : undefined);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer (got ${raw})`);
    return value;
  };
  const known = ['events', 'concurrency', 'batch-size', 'txn-rows', 'warmup-events', 'poll-ms', 'settle-timeout-s', 'skip-baseline', 'timeline', 'cpu-prof'];
  for (const name of args.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(' ')})`);
  const batchSize = int('batch-size', undefined, 100);
  return {
    events: int('events', 'BENCH_EVENTS', 500_000),
    concurrency: int('concurrency', 'BENCH_CONCURRENCY', 16),
    batchSize,
    // Under load the analytics consumer applies maxMessagesPerBatch (500) messages of 100 events per transaction.
    txnRows: int('txn-rows', undefined, 50_000),
    warmupEvents: int('warmup-events', undefined, 20 * batchSize),
    pollMs: int('poll-ms', undefined, 50),
    settleTimeoutMs: int('settle-timeout-s', undefined, 600) * 1000,
    skipBaseline: args.has('skip-baseline'),
    timeline: args.has('timeline'),
    cpuProfDir: args.has('cpu-prof')
      ? args.get('cpu-prof') === 'true'
        ? mkdtempSync(join(tmpdir(), 'fulcrum-cpu-profiles-'))
        : resolve(args.get('cpu-prof') ?? '')
      : undefined,
  };
}

interface TimelinePoint {
  t: number;
  acked: number;
  streamSeq: number;
  consumerAckFloor: number;
  /** Size of analytics' DuckDB file and of its write-ahead log (a drop of the WAL to 0 is a checkpoint). */
  duckdbMiB: number;
  walMiB: number;
  cores: Record<string, number>;
}

function fileMiB(path: string): number {
  try {
    return round(statSync(path).size / 1024 ** 2, 1);
  } catch {
    return 0;
  }
}

/** Once a second: stream position, consumer ack floor, CPU per process (cheap: two NATS API calls). */
function startTimeline(
  p: Platform,
  sampler: CpuSampler,
  t0: number,
  acked: () => number,
  duckdbPath: string,
  print: boolean,
): { stop(): Promise<TimelinePoint[]> } {
  const points: TimelinePoint[] = [];
  let previous = sampler.snapshot();
  let running = true;
  let pending: Promise<void> = Promise.resolve();
  const tick = (): void => {
    pending = (async () => {
      const [streamSeq, consumerAckFloor] = await Promise.all([p.lastStreamSeq(), p.consumerAckFloor()]);
      const now = sampler.snapshot();
      const phase = CpuSampler.phase(previous, now);
      previous = now;
      const point = {
        t: round((now.atMs - t0) / 1000, 1),
        acked: acked(),
        streamSeq,
        consumerAckFloor,
        duckdbMiB: fileMiB(duckdbPath),
        walMiB: fileMiB(`${duckdbPath}.wal`),
        cores: phase.cores,
      };
      points.push(point);
      if (print) {
        const cores = Object.entries(point.cores)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ');
        console.log(
          `  t=${point.t.toFixed(1).padStart(5)} s  acked ${fmt(point.acked).padStart(7)}  stream seq ${fmt(streamSeq).padStart(5)}  analytics ack floor ${fmt(consumerAckFloor).padStart(5)}  duckdb ${point.duckdbMiB} MiB + wal ${point.walMiB} MiB  cores: ${cores}`,
        );
      }
    })().catch(() => undefined);
  };
  const timer = setInterval(() => {
    if (running) tick();
  }, 1000);
  return {
    async stop() {
      running = false;
      clearInterval(timer);
      await pending;
      return points;
    },
  };
}

interface EndToEndFigures {
  events: number;
  requests: number;
  batchSize: number;
  concurrency: number;
  requestBytes: number;
  ingestSeconds: number;
  ingestEventsPerSecond: number;
  endToEndSeconds: number;
  endToEndEventsPerSecond: number;
  drainSeconds: number;
  appliedAtLastAck: number;
  /** Events analytics applied per second after the last 200 (ingest idle, analytics alone). */
  drainEventsPerSecond: number;
  catalogPolls: number;
  catalogPollMsMean: number;
  ackLatencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  lastStreamSeq: number;
  cpu: { ingest: CpuPhase; drain: CpuPhase; total: CpuPhase } | undefined;
  timeline?: TimelinePoint[];
}

async function runEndToEnd(opts: Options, dataDir: string, onPlatform: (p: Platform) => void): Promise<EndToEndFigures> {
  console.log(`\nBuilding ${fmt(opts.events)} events as ${fmt(Math.ceil(opts.events / opts.batchSize))} native requests of ${opts.batchSize} (untimed)…`);
  const timed = nativeBodies(opts.events, opts.batchSize);
  const warm = nativeBodies(opts.warmupEvents, opts.batchSize, opts.events);
  console.log(`  ${fmt(timed.bytes)} bytes of request bodies (${Math.round(timed.bytes / opts.events)} B per event on the wire)`);

  console.log('Starting the platform (nats-server, ingest, analytics, gateway)…');
  const tStart = performance.now();
  const p = await openPlatform(dataDir, opts.cpuProfDir);
  onPlatform(p);
  console.log(`  ready in ${((performance.now() - tStart) / 1000).toFixed(1)} s`);
  if (opts.cpuProfDir) {
    const names = [...p.running.processes].map(([name, proc]) => `${name} pid ${proc.pid}`).join(', ');
    console.log(`  profiling the timed window (main threads) into ${opts.cpuProfDir}: ${names}`);
  }
  const { ingestUrl, projectId: demoProject, writeKey: demoKey } = p.running.credentials;
  const url = `${ingestUrl}/v1/events`;

  // Warm-up (untimed): every code path once, on the demo project, until analytics has applied it.
  const warmOut = await sendAll(url, demoKey, warm.bodies, warm.sizes, opts.concurrency);
  if (warmOut.failure) throw new Error(`warm-up failed: ${warmOut.failure}`);
  await waitForCatalog(p, demoProject, opts.warmupEvents, await p.lastStreamSeq(), opts.pollMs, 60_000);
  // The timed run goes to its own empty project, so its catalog counts exactly N.
  const bench = await createProject(p, 'Bench');
  await p.catalog(bench.projectId);
  console.log(`  warm-up: ${fmt(opts.warmupEvents)} events sent and applied; timed run goes to project ${bench.projectId}`);

  const pids = (): Map<string, number | undefined> => {
    const m = new Map<string, number | undefined>();
    for (const [name, proc] of p.running.processes) m.set(name === 'nats' ? 'nats-server' : name, proc.pid);
    m.set('bench client', process.pid);
    return m;
  };
  const sampler = new CpuSampler(pids);
  const profiled = [...p.running.processes].filter(([name]) => name !== 'nats');
  let clientProfiler: Profiler | undefined;
  if (opts.cpuProfDir) {
    for (const [, proc] of profiled) proc.kill('SIGUSR2');
    clientProfiler = startProfiler();
    await sleep(200);
  }
  console.log(`\nSending ${fmt(opts.events)} events, ${opts.concurrency} requests in flight…`);
  const progress = { acked: 0 };
  const cpu0 = sampler.snapshot();
  // The launcher's default DuckDB location (FULCRUM_DUCKDB_PATH is not set).
  const timeline = startTimeline(p, sampler, cpu0.atMs, () => progress.acked, join(dataDir, 'analytics.duckdb'), opts.timeline);
  const out = await sendAll(url, bench.writeKey, timed.bodies, timed.sizes, opts.concurrency, progress);
  const cpu1 = sampler.snapshot();
  if (out.failure) {
    await timeline.stop();
    throw new Error(`ingest request failed: ${out.failure}`);
  }
  const lastSeq = await p.lastStreamSeq();
  const settled = await waitForCatalog(p, bench.projectId, opts.events, lastSeq, opts.pollMs, opts.settleTimeoutMs);
  const cpu2 = sampler.snapshot();
  const points = await timeline.stop();
  if (opts.cpuProfDir) {
    for (const [, proc] of profiled) proc.kill('SIGUSR2');
    clientProfiler?.stop(join(opts.cpuProfDir, `bench-client.${process.pid}.cpuprofile`));
    console.log(`  CPU profiles of the timed window written to ${opts.cpuProfDir}`);
  }

  const sorted = Float64Array.from(out.latenciesMs).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  const ingestSeconds = (out.lastAckAt - out.startedAt) / 1000;
  const endToEndSeconds = (settled.at - out.startedAt) / 1000;
  return {
    events: opts.events,
    requests: timed.bodies.length,
    batchSize: opts.batchSize,
    concurrency: opts.concurrency,
    requestBytes: timed.bytes,
    ingestSeconds: round(ingestSeconds, 3),
    ingestEventsPerSecond: Math.round(opts.events / ingestSeconds),
    endToEndSeconds: round(endToEndSeconds, 3),
    endToEndEventsPerSecond: Math.round(opts.events / endToEndSeconds),
    drainSeconds: round((settled.at - out.lastAckAt) / 1000, 3),
    appliedAtLastAck: settled.first.totalEvents,
    drainEventsPerSecond: Math.round((opts.events - settled.first.totalEvents) / Math.max(0.001, (settled.at - out.lastAckAt) / 1000)),
    catalogPolls: settled.polls,
    catalogPollMsMean: round(settled.pollMsMean, 1),
    ackLatencyMs: {
      p50: round(percentile(sorted, 50), 1),
      p90: round(percentile(sorted, 90), 1),
      p99: round(percentile(sorted, 99), 1),
      max: round(sorted[sorted.length - 1] ?? 0, 1),
      mean: round(mean, 1),
    },
    lastStreamSeq: lastSeq,
    cpu: sampler.available ? { ingest: CpuSampler.phase(cpu0, cpu1), drain: CpuSampler.phase(cpu1, cpu2), total: CpuSampler.phase(cpu0, cpu2) } : undefined,
    ...(opts.timeline && { timeline: points }),
  };
}

function printMachine(m: ReturnType<typeof machineInfo>): void {
  console.log('Fulcrum ingest benchmark');
  console.log(`Machine: ${m.cpuCount} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB RAM, Node ${m.node}, ${m.platform}`);
}

function printBaseline(b: BaselineFigures & { cores: number; otherCores: number }): void {
  console.log(`\nRaw DuckDB baseline (${fmt(b.rows)} canonical-event rows, same columns as \`events\`):`);
  console.log(`  Appender into a plain table:                 ${fmt(Math.round(b.plainRowsPerSecond)).padStart(10)} rows/s  (${b.plainSeconds.toFixed(2)} s)`);
  console.log(
    `  Exactly-once shape (staging + INSERT OR IGNORE, ${fmt(b.exactlyOnceRowsPerTransaction)} rows/txn): ${fmt(Math.round(b.exactlyOnceRowsPerSecond)).padStart(10)} rows/s  (${b.exactlyOnceSeconds.toFixed(2)} s)`,
  );
  console.log(`  (bench process ${b.cores.toFixed(2)} cores on average, DuckDB threads included; other processes ${b.otherCores.toFixed(2)} cores)`);
  if (b.otherCores > 0.1) console.log('  WARNING: other processes were busy during the baseline; it is disturbed, run again on a quiet machine.');
}

function printEndToEnd(e: EndToEndFigures, b: BaselineFigures | undefined): void {
  console.log(`\nEnd to end (${fmt(e.events)} events, ${fmt(e.requests)} requests of ${e.batchSize}, ${e.concurrency} in flight):`);
  console.log(`  Ingest only (first byte → last 200):          ${fmt(e.ingestEventsPerSecond).padStart(10)} events/s  (${e.ingestSeconds.toFixed(2)} s)`);
  console.log(`  End to end (first byte → queryable in catalog): ${fmt(e.endToEndEventsPerSecond).padStart(8)} events/s  (${e.endToEndSeconds.toFixed(2)} s)`);
  console.log(
    `  Drain after the last 200:                     ${e.drainSeconds.toFixed(2).padStart(10)} s  (analytics had applied ${fmt(e.appliedAtLastAck)} events at the last 200; then ${fmt(e.drainEventsPerSecond)} events/s)`,
  );
  console.log(`  Catalog polls during the drain:               ${String(e.catalogPolls).padStart(10)}    (${e.catalogPollMsMean} ms each on average)`);
  console.log(`  Ack latency (send → 200) ms: p50 ${e.ackLatencyMs.p50}, p90 ${e.ackLatencyMs.p90}, p99 ${e.ackLatencyMs.p99}, max ${e.ackLatencyMs.max}`);
  if (b) {
    console.log(`  End-to-end rate / raw Appender rate:          ${(e.endToEndEventsPerSecond / b.plainRowsPerSecond).toFixed(3)}`);
    console.log(`  End-to-end rate / exactly-once shape rate:    ${(e.endToEndEventsPerSecond / b.exactlyOnceRowsPerSecond).toFixed(3)}`);
  }
  if (e.cpu) {
    console.log('  CPU (cores busy on average; 1.00 = one core):');
    for (const [label, phase] of Object.entries(e.cpu)) {
      const parts = Object.entries(phase.cores)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ');
      console.log(
        `    ${label.padEnd(7)} ${phase.wallSeconds.toFixed(1).padStart(6)} s  machine ${(phase.machineBusyShare * 100).toFixed(0)}% busy; ${parts}; other processes ${phase.otherCores.toFixed(2)}`,
      );
    }
    if (e.cpu.total.otherCores > 0.1) {
      console.log(`  WARNING: other processes used ${e.cpu.total.otherCores.toFixed(2)} cores during the run; these figures are disturbed, run again on a quiet machine.`);
    }
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function printLogTails(dataDir: string): void {
  for (const name of ['nats', 'ingest', 'analytics', 'gateway']) {
    const file = join(dataDir, 'logs', `${name}.log`);
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-15);
    console.error(`--- last lines of ${name}.log ---\n${lines.join('\n')}`);
  }
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const machine = machineInfo();
  printMachine(machine);
  const work: TempDir = makeTempDir('fulcrum-bench-');
  const platformDir = join(work.path, 'platform');
  let platform: Platform | undefined;
  const onSigint = (): void => {
    console.error('\ninterrupted: stopping the platform');
    platform?.running.processes.forEach((proc) => proc.killNow());
    try {
      work.remove();
    } catch {
      // best effort
    }
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  let baseline: (BaselineFigures & { cores: number; otherCores: number }) | undefined;
  let e2e: EndToEndFigures | undefined;
  let failure: string | undefined;
  try {
    if (!opts.skipBaseline) {
      const sampler = new CpuSampler(() => new Map([['bench', process.pid]]));
      const before = sampler.snapshot();
      const measured = await measureDuckDbBaseline(work.path, opts.events, opts.txnRows);
      const phase = CpuSampler.phase(before, sampler.snapshot());
      baseline = { ...measured, cores: phase.cores['bench'] ?? 0, otherCores: phase.otherCores };
      printBaseline(baseline);
    }
    e2e = await runEndToEnd(opts, platformDir, (p) => (platform = p));
    printEndToEnd(e2e, baseline);
  } catch (error) {
    failure = (error as Error).stack ?? String(error);
    console.error(`\nFAILED: ${failure}`);
    printLogTails(platformDir);
  } finally {
    const p = platform as Platform | undefined;
    if (p) {
      await p.nc.close().catch(() => undefined);
      await p.running.stop().catch((error: unknown) => console.error(`stopping the platform: ${(error as Error).message}`));
    }
    work.remove();
    process.removeListener('SIGINT', onSigint);
  }
  console.log(
    JSON.stringify({
      bench: 'ingest',
      at: new Date().toISOString(),
      ok: failure === undefined,
      ...(failure !== undefined && { failure: failure.split('\n')[0] }),
      machine,
      options: opts,
      baseline,
      endToEnd: e2e,
      ratios:
        baseline && e2e
          ? {
              endToEndOverPlainAppender: round(e2e.endToEndEventsPerSecond / baseline.plainRowsPerSecond, 3),
              endToEndOverExactlyOnce: round(e2e.endToEndEventsPerSecond / baseline.exactlyOnceRowsPerSecond, 3),
            }
          : undefined,
    }),
  );
  return failure === undefined ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
