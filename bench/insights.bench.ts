/**
 * Insights benchmark: a deterministic 10,000,000-event product log (seeded; power-law activity,
 * sessions, a sign-up → checkout flow with identify calls) is published to JetStream and ingested
 * by the running platform; then each insight is asked through GraphQL (p50/p95 over `--runs`),
 * and, after the platform has stopped, the best hand-written DuckDB SQL for the same question is
 * run on the same DuckDB file in this process (p50/p95) and its answer compared with the
 * engine's. Prints figures and one JSON line; asserts nothing. Exit code 1 only on failure.
 *
 *   npm run bench:insights [-- --events=10000000 --persons=200000 --runs=20 --warmup=3 --seed=42
 *                              --data-dir=PATH (reuse an ingested log: skips generation and ingestion)]
 *
 * What every figure means: docs/performance.md ("Insights").
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { type NatsConnection, connect, headers } from 'nats';
import { CONSUMERS, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { freePort, makeTempDir } from '@fulcrum/testing';
import { type RunningPlatform, callGraphql, startPlatform } from '@fulcrum/launcher';
import { funnelBaselineSql } from './support/funnel-baseline.sql';
import { machineInfo, percentile, round } from './support/machine';
import { FLOW, productLog } from './support/product-log.generator';
import { retentionBaselineSql } from './support/retention-baseline.sql';
import { trendBaselineSql } from './support/trend-baseline.sql';

interface Options {
  events: number;
  persons: number;
  runs: number;
  warmup: number;
  seed: number;
  dataDir?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a} (options are --name=value)`);
    args.set(m[1], m[2]);
  }
  const known = ['events', 'persons', 'runs', 'warmup', 'seed', 'data-dir'];
  for (const k of args.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k} (known: ${known.join(', ')})`);
  const int = (name: string, fallback: number, min = 1): number => {
    const raw = args.get(name);
    if (raw === undefined) return fallback;
    const v = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${raw})`);
    return v;
  };
  return {
    events: int('events', 10_000_000),
    persons: int('persons', 200_000),
    runs: int('runs', 20),
    warmup: int('warmup', 3, 0),
    seed: int('seed', 42, 0),
    dataDir: args.has('data-dir') ? resolve(args.get('data-dir') ?? '') : undefined,
  };
}

/** The log ends here (fixed, so every run asks the same questions of the same data). */
const END_MS = Date.UTC(2026, 10, 1);
const DAYS = 90;
const TIME_ZONE = 'Europe/Berlin';
const MARKER = 'bench-insights.json';

interface Question {
  name: string;
  aim?: string;
  query: string;
  variables: Record<string, unknown>;
  /** A comparable digest of the GraphQL answer (checked against the baseline's). */
  digest?: (data: Record<string, unknown>) => unknown;
  baseline?: { sql: string; params: Array<string | number>; digest: (rows: Record<string, unknown>[]) => unknown };
}

function questions(projectId: string): Question[] {
  // Dates in the project time zone; the last 30 days and the last 8 weeks of the log.
  const last30 = { from: '2026-10-02', to: '2026-10-31' };
  const eightWeeks = { from: '2026-09-07', to: '2026-11-01' };
  const instant = (d: string, endOfDay: boolean) => zonedMidnightIso(d, endOfDay);
  return [
    {
      name: 'trend: daily unique persons, 30 days',
      aim: '≤ 150 ms, ≤ 1.2× hand-written',
      query: 'query($p: ID!, $i: TrendInput!) { trend(projectId: $p, input: $i) { dataVersion buckets series { data } } }',
      variables: { p: projectId, i: { series: [{ event: '$pageview', math: 'UNIQUE_PERSONS' }], interval: 'DAY', ...last30 } },
      digest: (d) => ((d['trend'] as { series: Array<{ data: number[] }> }).series[0]?.data ?? []).join(','),
      baseline: {
        sql: trendBaselineSql(),
        params: [projectId, instant(last30.from, false), instant(last30.to, true), '$pageview', TIME_ZONE],
        digest: (rows) => rows.map((r) => Number(r['persons'])).join(','),
      },
    },
    {
      name: 'funnel: 3 steps, ordered, 14-day window, 30 days',
      aim: '≤ 300 ms, ≤ 1.2× hand-written',
      query: 'query($p: ID!, $i: FunnelInput!) { funnel(projectId: $p, input: $i) { dataVersion steps { event count } } }',
      variables: {
        p: projectId,
        i: { steps: FLOW.map((event) => ({ event })), conversionWindow: { value: 14, unit: 'DAY' }, order: 'ORDERED', ...last30 },
      },
      digest: (d) => (d['funnel'] as { steps: Array<{ count: number }> }).steps.map((s) => s.count).join(','),
      baseline: {
        sql: funnelBaselineSql(),
        params: [projectId, instant(last30.from, false), instant(last30.to, true), FLOW[0], FLOW[1], FLOW[2], 14 * 86_400_000],
        digest: (rows) => rows.map((r) => Number(r['persons'])).join(','),
      },
    },
    {
      name: 'retention: weekly, first time, 8 periods',
      aim: '≤ 300 ms, ≤ 1.2× hand-written',
      query: 'query($p: ID!, $i: RetentionInput!) { retention(projectId: $p, input: $i) { dataVersion cohorts { cohort size values { period persons } } } }',
      variables: {
        p: projectId,
        i: { startEvent: { event: FLOW[1] }, returnEvent: { event: '$pageview' }, period: 'WEEK', periods: 8, cohortType: 'FIRST_TIME', mode: 'ON', ...eightWeeks },
      },
      digest: (d) =>
        (d['retention'] as { cohorts: Array<{ values: Array<{ period: number; persons: number }> }> }).cohorts
          .flatMap((c) => c.values.filter((v) => v.persons > 0).map((v) => v.persons))
          .join(','),
      baseline: {
        sql: retentionBaselineSql(),
        params: [projectId, instant(eightWeeks.from, false), instant(eightWeeks.to, true), FLOW[1], '$pageview', TIME_ZONE, 8],
        digest: (rows) => rows.filter((r) => Number(r['persons']) > 0).map((r) => Number(r['persons'])).join(','),
      },
    },
    {
      name: 'stickiness: $pageview days, 30 days',
      query: 'query($p: ID!, $i: StickinessInput!) { stickiness(projectId: $p, input: $i) { dataVersion rows { intervals persons } } }',
      variables: { p: projectId, i: { event: '$pageview', interval: 'DAY', ...last30 } },
    },
    {
      name: 'lifecycle: $pageview daily, 30 days',
      query: 'query($p: ID!, $i: LifecycleInput!) { lifecycle(projectId: $p, input: $i) { dataVersion buckets { bucket new returning resurrecting dormant } } }',
      variables: { p: projectId, i: { event: '$pageview', interval: 'DAY', ...last30 } },
    },
    {
      name: 'paths: 3 steps after signup_completed, 30 days',
      query: 'query($p: ID!, $i: PathsInput!) { paths(projectId: $p, input: $i) { dataVersion edges { depth target paths } } }',
      variables: { p: projectId, i: { event: FLOW[1], depth: 3, ...last30 } },
    },
    {
      name: 'property catalog: checkout properties, 30 days',
      query: 'query($p: ID!, $i: PropertyCatalogInput!) { propertyCatalog(projectId: $p, input: $i) { dataVersion events { name count } properties { key count } } }',
      variables: { p: projectId, i: { ...last30, event: FLOW[2] } },
    },
  ];
}

/** Local midnight of a calendar day in TIME_ZONE as an ISO instant (the engine's own rule for date bounds). */
function zonedMidnightIso(day: string, nextDay: boolean): string {
  const base = new Date(`${day}T00:00:00Z`);
  if (nextDay) base.setUTCDate(base.getUTCDate() + 1);
  // Offset of TIME_ZONE at that instant (Europe/Berlin has no DST change at midnight).
  const local = new Date(base.toLocaleString('en-US', { timeZone: TIME_ZONE }));
  const utc = new Date(base.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(base.getTime() - (local.getTime() - utc.getTime())).toISOString();
}

interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

async function time(runs: number, warmup: number, fn: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await fn();
    samples[i] = performance.now() - t0;
  }
  samples.sort();
  return { p50: round(percentile(samples, 50), 1), p95: round(percentile(samples, 95), 1), runs };
}

async function ingest(platform: RunningPlatform, o: Options, projectId: string): Promise<{ seconds: number; events: number; lastSeq: number }> {
  const nc: NatsConnection = await connect({ servers: platform.natsUrl });
  try {
    const js = nc.jetstream();
    const t0 = performance.now();
    let inFlight: Array<Promise<unknown>> = [];
    let n = 0;
    let batchNo = 0;
    for (const events of productLog({ projectId, events: o.events, persons: o.persons, days: DAYS, endMs: END_MS, seed: o.seed }, 100)) {
      const h = headers();
      const batchId = `bench-${o.seed}-${batchNo++}`;
      h.set('Nats-Msg-Id', batchId);
      inFlight.push(js.publish(SUBJECTS.eventsAccepted, Buffer.from(JSON.stringify({ v: 1, batchId, projectId, events })), { headers: h }));
      n += events.length;
      if (inFlight.length >= 256) {
        await Promise.all(inFlight);
        inFlight = [];
      }
      if (batchNo % 10000 === 0) process.stdout.write(`  published ${n.toLocaleString('en-US')} events\n`);
    }
    await Promise.all(inFlight);
    const jsm = await nc.jetstreamManager();
    const lastSeq = (await jsm.streams.info(STREAMS.events.name)).state.last_seq;
    for (;;) {
      const floor = (await jsm.consumers.info(STREAMS.events.name, CONSUMERS.analyticsEvents)).ack_floor.stream_seq;
      if (floor >= lastSeq) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    return { seconds: round((performance.now() - t0) / 1000, 1), events: n, lastSeq };
  } finally {
    await nc.close();
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const machine = machineInfo();
  const temp = o.dataDir ? undefined : makeTempDir('fulcrum-bench-insights-');
  const dataDir = o.dataDir ?? temp?.path ?? '';
  mkdirSync(dataDir, { recursive: true });
  const markerPath = join(dataDir, MARKER);
  const marker = existsSync(markerPath) ? (JSON.parse(readFileSync(markerPath, 'utf8')) as Options & { ingestSeconds: number }) : undefined;
  const reuse = marker !== undefined && marker.events === o.events && marker.persons === o.persons && marker.seed === o.seed;
  console.log(`insights benchmark on ${machine.cpuCount} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node}`);
  console.log(`data dir ${dataDir}${reuse ? ' (reusing the ingested log)' : ''}`);

  const platform = await startPlatform({
    rootDir: join(__dirname, '..', '..'),
    dataDir,
    host: '127.0.0.1',
    natsPort: await freePort(),
    ingestPort: await freePort(),
    gatewayPort: await freePort(),
    quiet: true,
  });
  const { graphqlUrl, adminToken, projectId } = platform.credentials;
  const results: Array<Record<string, unknown>> = [];
  let ingestion: { seconds: number; events: number; lastSeq: number } | undefined;
  try {
    const tz = await callGraphql(graphqlUrl, adminToken, 'mutation($p: ID!, $z: String!) { setProjectTimeZone(projectId: $p, timeZone: $z) { timeZone } }', { p: projectId, z: TIME_ZONE });
    if (tz.errors) throw new Error(`setProjectTimeZone failed: ${JSON.stringify(tz.errors)}`);
    if (!reuse) {
      console.log(`generating and ingesting ${o.events.toLocaleString('en-US')} events (${o.persons.toLocaleString('en-US')} persons, seed ${o.seed}) ...`);
      ingestion = await ingest(platform, o, projectId);
      writeFileSync(markerPath, JSON.stringify({ ...o, ingestSeconds: ingestion.seconds }));
      console.log(`ingested ${ingestion.events.toLocaleString('en-US')} events in ${ingestion.seconds} s (published and applied by analytics)`);
    }
    const floor = await time(o.runs, o.warmup, async () => {
      const r = await callGraphql(graphqlUrl, adminToken, 'query { projects { nodes { id } } }');
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    });
    console.log(`GraphQL round trip floor (projects, via NATS): p50 ${floor.p50} ms, p95 ${floor.p95} ms`);
    for (const q of questions(projectId)) {
      let answer: Record<string, unknown> = {};
      try {
        const t = await time(o.runs, o.warmup, async () => {
          const r = await callGraphql<Record<string, unknown>>(graphqlUrl, adminToken, q.query, q.variables);
          if (r.errors || !r.data) throw new Error(`${q.name}: ${JSON.stringify(r.errors)}`);
          answer = r.data;
        });
        results.push({ name: q.name, aim: q.aim, graphql: t, digest: q.digest?.(answer) });
        console.log(`${q.name}: GraphQL p50 ${t.p50} ms, p95 ${t.p95} ms`);
      } catch (error) {
        // A question that fails (e.g. runs past the gateway's 15 s RPC timeout) is reported, not fatal.
        results.push({ name: q.name, aim: q.aim, error: (error as Error).message.slice(0, 300) });
        console.log(`${q.name}: FAILED ${(error as Error).message.slice(0, 300)}`);
      }
    }
  } finally {
    await platform.stop();
  }

  // Hand-written SQL on the same file, in this process, after the platform released it.
  const instance = await DuckDBInstance.create(join(dataDir, 'analytics.duckdb'));
  const c = await instance.connect();
  try {
    for (const q of questions(projectId)) {
      if (!q.baseline) continue;
      const b = q.baseline;
      let rows: Record<string, unknown>[] = [];
      const entry = results.find((r) => r['name'] === q.name);
      if (!entry) continue;
      let t: Timing;
      try {
        t = await time(o.runs, o.warmup, async () => {
          rows = (await c.runAndReadAll(b.sql, b.params)).getRowObjectsJS() as Record<string, unknown>[];
        });
      } catch (error) {
        entry['baselineError'] = (error as Error).message;
        console.log(`${q.name}: hand-written SQL failed: ${(error as Error).message}`);
        continue;
      }
      const graphql = entry['graphql'] as Timing | undefined;
      if (!graphql) continue;
      const baselineDigest = b.digest(rows);
      Object.assign(entry, { baseline: t, ratioP50: round(graphql.p50 / t.p50, 2), sameAnswer: baselineDigest === entry['digest'], baselineDigest });
      console.log(
        `${q.name}: hand-written SQL p50 ${t.p50} ms, p95 ${t.p95} ms → GraphQL/hand-written ${round(graphql.p50 / t.p50, 2)}× (aim ${q.aim}); same answer: ${baselineDigest === entry['digest']}`,
      );
    }
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  console.log(JSON.stringify({ bench: 'insights', machine, options: o, ingestion, results }));
  temp?.remove();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
