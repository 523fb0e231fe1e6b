/**
 * Auth-overhead benchmark: what authentication, authorization and the request envelope add to a
 * GraphQL request on the cached path, measured against the same gateway without them in the same
 * run on the same machine. Prints figures (human-readable, then one JSON line) and asserts nothing.
 * Exit code 1 only when something failed (a wrong answer, the variants differing where they must
 * not, a bad option).
 *
 *   npm run bench:auth [-- --requests=20000 --warmup=2000 --block=500 --transport=inject|http
 *                          --micro-ops=200000 --async-context-baseline --cpu-prof[=DIR] --keep-data]
 *
 * One real nats-server; the downstream services answered instantly by this process
 * (support/instant-responder.ts); one gateway process per variant, from the same build
 * (support/auth-overhead.worker.ts, support/gateway-variants.ts), each on its own embedded PGlite:
 * - production: the gateway as `npm run up` runs it; the request carries a project member's API
 *   token whose principal is cached (credential cache hit, the authorization matrix, the envelope
 *   at the HTTP edge handed to the resolver, the envelope headers on each RPC);
 * - baseline: the same module graph and schema without those;
 * - with --async-context-baseline, also the baseline with AsyncLocalStorage turned on: what the
 *   gateway would pay on Node 20 if it kept the envelope in async-local storage (it does not).
 * The same request, `eventCatalog(projectId)` (a project-scoped field whose resolver makes two RPCs),
 * goes to each in blocks whose order alternates, one request at a time. Then the production process
 * times the pieces of the cached path in isolation. What every figure means: docs/performance.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'nats';
import { type EventCatalogReply, type ProjectDto, RPC } from '@fulcrum/contracts';
import { createMemberToken, graphqlCall, makeTempDir, startTestNats } from '@fulcrum/testing';
import {
  type LatencyStats,
  type MicroFigures,
  type Prepared,
  type Ran,
  type Ready,
  type Transport,
  type Variant,
  type WorkerCommand,
  type WorkerReply,
  type WorkerStart,
  latencyStats,
} from './support/auth-overhead.protocol';
import { BREAKDOWN_BUCKETS, cpuBreakdown } from './support/cpu-profile.breakdown';
import { InstantResponder } from './support/instant-responder';
import { type CpuPhase, CpuSampler, machineInfo, percentile, round } from './support/machine';

/** The issue's aim for the median latency added by authentication, authorization and the envelope. */
const AIM_P50_MS = 0.3;
const QUERY = 'query Catalog($p: ID!) { eventCatalog(projectId: $p) { dataVersion totalEvents events { name count uniqueUsers firstSeen lastSeen } } }';
/** RPCs the `eventCatalog` resolver makes per request: the project's existence (ingest), then the catalog (analytics). */
const RPCS_PER_REQUEST = 2;

interface Options {
  requests: number;
  warmup: number;
  block: number;
  transport: Transport;
  microOps: number;
  keepData: boolean;
  /** Adds a third process: the baseline with the async context (AsyncLocalStorage) turned on. */
  asyncContextBaseline: boolean;
  /** When set, each gateway process's main thread is profiled during the timed run into this folder. */
  cpuProfDir?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const args = new Map<string, string>();
  const known = ['requests', 'warmup', 'block', 'transport', 'micro-ops', 'keep-data', 'cpu-prof', 'async-context-baseline'];
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !known.includes(m[1])) throw new Error(`unknown argument ${a} (known: ${known.map((k) => `--${k}`).join(' ')})`);
    args.set(m[1], m[2] ?? 'true');
  }
  const int = (name: string, fallback: number, min: number): number => {
    const raw = args.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${raw})`);
    return value;
  };
  const transport = args.get('transport') ?? 'inject';
  if (transport !== 'inject' && transport !== 'http') throw new Error(`--transport must be inject or http (got ${transport})`);
  return {
    requests: int('requests', 20_000, 100),
    warmup: int('warmup', 2_000, 0),
    block: int('block', 500, 10),
    transport,
    microOps: int('micro-ops', 200_000, 1_000),
    keepData: args.has('keep-data'),
    asyncContextBaseline: args.has('async-context-baseline'),
    cpuProfDir: args.has('cpu-prof') ? (args.get('cpu-prof') === 'true' ? mkdtempSync(join(tmpdir(), 'fulcrum-cpu-profiles-')) : resolve(args.get('cpu-prof') ?? '')) : undefined,
  };
}

type Command = WorkerCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

/** A worker process hosting one variant; its stdout and stderr (the gateway's log) go to `logPath`. */
class Worker {
  readonly ready: Promise<Ready>;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;

  constructor(
    readonly variant: Variant,
    start: WorkerStart,
    readonly logPath: string,
  ) {
    const log = openSync(logPath, 'a');
    try {
      this.child = spawn(process.execPath, ['--enable-source-maps', join(__dirname, 'support', 'auth-overhead.worker.js'), JSON.stringify(start)], {
        stdio: ['ignore', log, log, 'ipc'],
        env: { ...process.env, NODE_ENV: 'production' },
      });
    } finally {
      closeSync(log);
    }
    this.ready = new Promise<unknown>((resolve, reject) => this.pending.set(0, { resolve, reject })) as Promise<Ready>;
    this.child.on('message', (message: WorkerReply) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(`${variant}: ${message.error}`));
    });
    this.child.once('exit', (code, signal) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the ${variant} worker exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<T>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...command, id });
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

interface Result {
  transport: Transport;
  query: string;
  requests: number;
  warmup: number;
  block: number;
  variants: Variant[];
  startupSeconds: Partial<Record<Variant, number>>;
  timedSeconds: number;
  latency: Partial<Record<Variant, LatencyStats>>;
  /** production − baseline. */
  overhead: Overhead;
  /**
   * With --async-context-baseline: what AsyncLocalStorage alone costs (baseline with it on −
   * baseline), which the production gateway no longer pays (it never enters it), and production
   * against that variant.
   */
  split?: { asyncContextTax: Overhead; restOverAsyncContext: Overhead };
  /** p50 of each variant over each fifth of the timed run (drift and disturbance show here). */
  fifthsP50Ms: Partial<Record<Variant, number[]>>;
  credentialReloads: number;
  rpcs: { withEnvelope: number; withoutEnvelope: number };
  micro: MicroFigures;
  cpu: CpuPhase;
  /** With --cpu-prof: main-thread CPU µs per request by bucket (support/cpu-profile.breakdown.ts). */
  cpuBreakdownUs?: Partial<Record<Variant, Record<string, number>>>;
}

interface Overhead {
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Median over i of (i-th request of one variant − i-th request of the other), both from the same block round. */
  pairedMedianMs: number;
}

function overheadOf(more: number[], less: number[]): Overhead {
  const a = latencyStats(more);
  const b = latencyStats(less);
  const diffs = Float64Array.from(more, (v, i) => v - less[i]).sort();
  return {
    meanMs: round(a.meanMs - b.meanMs, 4),
    p50Ms: round(a.p50Ms - b.p50Ms, 4),
    p90Ms: round(a.p90Ms - b.p90Ms, 4),
    p99Ms: round(a.p99Ms - b.p99Ms, 4),
    pairedMedianMs: round(percentile(diffs, 50), 4),
  };
}

/** The downstream services' answers: instant, fixed (a project created during set-up). */
function answerDownstream(responder: InstantResponder): { project(): ProjectDto | undefined } {
  let project: ProjectDto | undefined;
  responder.handle(RPC.ingestProjectsCreate, (data) => {
    project = { id: randomUUID(), name: String(data['name']), createdAt: new Date().toISOString(), timeZone: 'UTC', key: 'BENCH' };
    responder.answer(RPC.ingestProjectsGet, { project });
    return { project, writeKey: `wk_${randomBytes(16).toString('hex')}` };
  });
  const catalog: EventCatalogReply = {
    dataVersion: '1042',
    totalEvents: 98_765,
    events: [
      { name: '$pageview', count: 61_234, uniqueUsers: 4_321, firstSeen: '2026-10-01T08:00:00.000Z', lastSeen: '2026-11-30T21:14:05.123Z' },
      { name: 'signup_completed', count: 1_987, uniqueUsers: 1_950, firstSeen: '2026-10-01T08:03:11.000Z', lastSeen: '2026-11-30T20:59:59.000Z' },
      { name: 'checkout', count: 544, uniqueUsers: 502, firstSeen: '2026-10-02T10:00:00.000Z', lastSeen: '2026-11-30T19:00:00.000Z' },
    ],
  };
  responder.answer(RPC.analyticsEventCatalogGet, catalog);
  return { project: () => project };
}

/** Throws unless `variant` answers what production answers, without auth and without an envelope. */
function checkBaseline(variant: Variant, ready: Ready, prepared: Prepared, production: { ready: Ready; prepared: Prepared }): void {
  if (ready.schemaHash !== production.ready.schemaHash) throw new Error(`${variant} serves another schema than the production gateway`);
  if (prepared.status !== 200 || JSON.stringify(JSON.parse(prepared.body)) !== JSON.stringify(JSON.parse(production.prepared.body))) {
    throw new Error(`${variant} answered ${prepared.status} ${prepared.body.slice(0, 500)}; production ${production.prepared.body.slice(0, 500)}`);
  }
  if (prepared.requestId !== undefined) throw new Error(`${variant} answered x-request-id ${prepared.requestId}: it has the HTTP edge envelope`);
  if (prepared.anonymousBody !== prepared.body) throw new Error(`${variant} refused a request without a token: ${prepared.anonymousBody.slice(0, 300)}`);
}

async function measure(opts: Options, dir: string, workers: Worker[]): Promise<Result> {
  const nats = await startTestNats();
  const nc = await connect({ servers: nats.url });
  const responder = new InstantResponder(nc).listen('ingest.>', 'analytics.>');
  try {
    const downstream = answerDownstream(responder);
    await nc.flush();

    const variants: Variant[] = ['production', 'baseline', ...(opts.asyncContextBaseline ? ['baseline-async-context' as const] : [])];
    console.log(`\nStarting ${variants.join(', ')} (a gateway process and an embedded PGlite each)…`);
    const adminToken = `ful_bench_${randomBytes(24).toString('hex')}`;
    for (const variant of variants) {
      workers.push(new Worker(variant, { variant, natsUrl: nats.url, dataDir: dir, adminToken, transport: opts.transport }, join(dir, `${variant}.log`)));
    }
    const ready = await Promise.all(workers.map((w) => w.ready));
    const [production] = workers;

    // A project, and an API token of a plain member (DATA_SCIENTIST), made the way a person makes one.
    const graphqlUrl = `${ready[0].url}/graphql`;
    const created = await graphqlCall<{ createProject: { project: { id: string } } }>(graphqlUrl, { token: adminToken }, 'mutation($n: String!) { createProject(name: $n) { project { id } } }', {
      n: 'auth-overhead bench',
    });
    const projectId = created.data?.createProject.project.id;
    if (!projectId || !downstream.project()) throw new Error(`createProject failed: ${JSON.stringify(created.errors)}`);
    const member = await createMemberToken(graphqlUrl, adminToken, { projectId, roles: ['DATA_SCIENTIST'], name: 'Bench Script' });

    // The same bytes to every variant; what is compared must differ only where it should.
    const payload = JSON.stringify({ operationName: 'Catalog', query: QUERY, variables: { p: projectId } });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${member.token}` };
    const prepared: Prepared[] = [];
    for (const w of workers) prepared.push(await w.call<Prepared>({ op: 'prepare', payload, headers }));
    const prod = { ready: ready[0], prepared: prepared[0] };
    if (prod.prepared.status !== 200 || !prod.prepared.body.includes('"dataVersion":"1042"')) throw new Error(`production answered ${prod.prepared.status} ${prod.prepared.body.slice(0, 500)}`);
    if (prod.prepared.requestId === undefined) throw new Error('production answered no x-request-id');
    if (!prod.prepared.anonymousBody.includes('UNAUTHENTICATED')) throw new Error(`production answered a request without a token: ${prod.prepared.anonymousBody.slice(0, 300)}`);
    workers.slice(1).forEach((w, i) => checkBaseline(w.variant, ready[i + 1], prepared[i + 1], prod));
    console.log(
      `  ready in ${ready.map((r) => `${r.startupSeconds} s`).join(' / ')}; same schema, same answer; only production refuses a request without a token and answers x-request-id`,
    );

    // Block rounds alternate the order (A B C, C B A, …), so drift in the machine's load and each
    // process's idle gaps hit every variant alike.
    const blocks = (total: number): number[] => Array.from({ length: Math.ceil(total / opts.block) }, (_, k) => Math.min(opts.block, total - k * opts.block));
    const order = (k: number): Worker[] => (k % 2 === 0 ? workers : [...workers].reverse());
    console.log(`Warm-up: ${fmt(opts.warmup)} requests to each, in blocks of ${opts.block}, alternating…`);
    for (const [k, count] of blocks(opts.warmup).entries()) for (const w of order(k)) await w.call<Ran>({ op: 'run', count, record: false });

    const how = opts.transport === 'inject' ? 'fastify.inject in each gateway process' : 'HTTP on loopback from each gateway process (keep-alive)';
    console.log(`Timed: ${fmt(opts.requests)} requests to each, one at a time, in blocks of ${opts.block}, alternating (${how})…`);
    responder.requests.withEnvelope = 0;
    responder.requests.withoutEnvelope = 0;
    const samples = new Map<Variant, number[]>(variants.map((v) => [v, []]));
    let credentialReloads = 0;
    const sampler = new CpuSampler(() => new Map([['bench', process.pid], ...workers.map((w): [string, number | undefined] => [w.variant, w.pid]), ['nats', nats.process.pid]]));
    const profileFile = (w: Worker): string => join(opts.cpuProfDir ?? '', `${w.variant}.${w.pid}.cpuprofile`);
    if (opts.cpuProfDir) {
      mkdirSync(opts.cpuProfDir, { recursive: true });
      for (const w of workers) await w.call({ op: 'cpu-profile', file: profileFile(w) });
    }
    const before = sampler.snapshot();
    for (const [k, count] of blocks(opts.requests).entries()) {
      for (const w of order(k)) {
        const ran = await w.call<Ran>({ op: 'run', count, record: true });
        samples.get(w.variant)?.push(...ran.latenciesMs);
        credentialReloads += ran.credentialReloads;
      }
    }
    const cpu = CpuSampler.phase(before, sampler.snapshot());
    let cpuBreakdownUs: Result['cpuBreakdownUs'];
    if (opts.cpuProfDir) {
      for (const w of workers) await w.call({ op: 'cpu-profile', file: profileFile(w) });
      console.log(`  CPU profiles of the timed run written to ${opts.cpuProfDir}`);
      cpuBreakdownUs = Object.fromEntries(workers.map((w) => [w.variant, cpuBreakdown(profileFile(w), opts.requests)]));
    }
    const rpcs = { ...responder.requests };
    const expected = { withEnvelope: RPCS_PER_REQUEST * opts.requests, withoutEnvelope: RPCS_PER_REQUEST * opts.requests * (workers.length - 1) };
    if (rpcs.withEnvelope !== expected.withEnvelope || rpcs.withoutEnvelope !== expected.withoutEnvelope) {
      throw new Error(`expected ${JSON.stringify(expected)} RPCs, got ${JSON.stringify(rpcs)}`);
    }

    console.log(`Pieces in isolation, in the production process (${fmt(opts.microOps)} calls each)…`);
    const micro = await production.call<MicroFigures>({ op: 'micro', token: member.token, projectId, ops: opts.microOps });
    for (const w of workers) await w.call({ op: 'stop' });

    const of = (v: Variant): number[] => samples.get(v) ?? [];
    const fifth = Math.floor(opts.requests / 5);
    return {
      transport: opts.transport,
      query: QUERY,
      requests: opts.requests,
      warmup: opts.warmup,
      block: opts.block,
      variants,
      startupSeconds: Object.fromEntries(workers.map((w, i) => [w.variant, ready[i].startupSeconds])),
      timedSeconds: cpu.wallSeconds,
      latency: Object.fromEntries(variants.map((v) => [v, latencyStats(of(v))])),
      overhead: overheadOf(of('production'), of('baseline')),
      ...(opts.asyncContextBaseline && {
        split: {
          asyncContextTax: overheadOf(of('baseline-async-context'), of('baseline')),
          restOverAsyncContext: overheadOf(of('production'), of('baseline-async-context')),
        },
      }),
      fifthsP50Ms: Object.fromEntries(variants.map((v) => [v, Array.from({ length: 5 }, (_, k) => latencyStats(of(v).slice(k * fifth, (k + 1) * fifth)).p50Ms)])),
      credentialReloads,
      rpcs,
      micro,
      cpu,
      cpuBreakdownUs,
    };
  } finally {
    responder.stop();
    await nc.close().catch(() => undefined);
    for (const w of workers) w.kill();
    await nats.stop().catch(() => undefined);
  }
}

const ms = (v: number): string => v.toFixed(3).padStart(8);
const us = (v: number): string => v.toFixed(2).padStart(7);
const LABELS: Record<Variant, string> = {
  production: 'production (auth + envelope)',
  baseline: 'baseline (without them)',
  'baseline-async-context': 'baseline + async context on',
};

function printResult(r: Result): void {
  const row = (label: string, s: Pick<LatencyStats, 'meanMs' | 'p50Ms' | 'p90Ms' | 'p99Ms'> & Partial<LatencyStats>): void =>
    console.log(`  ${label.padEnd(34)}${ms(s.meanMs)}${ms(s.p50Ms)}${ms(s.p90Ms)}${ms(s.p99Ms)}${s.p999Ms === undefined ? '' : ms(s.p999Ms)}${s.maxMs === undefined ? '' : ms(s.maxMs)}`);
  const how = r.transport === 'inject' ? 'fastify.inject' : 'HTTP on loopback, keep-alive';
  console.log(`\nPer request, ms (${fmt(r.requests)} requests to each, one at a time, blocks of ${r.block} alternating; ${how}; ${r.timedSeconds} s):`);
  console.log(`  ${''.padEnd(34)}${'mean'.padStart(8)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'p99'.padStart(8)}${'p99.9'.padStart(8)}${'max'.padStart(8)}`);
  for (const v of r.variants) {
    const s = r.latency[v];
    if (s) row(LABELS[v], s);
  }
  row('overhead (production − baseline)', r.overhead);
  if (r.split) {
    row('AsyncLocalStorage alone (not paid)', r.split.asyncContextTax);
    row('production − baseline with it', r.split.restOverAsyncContext);
  }
  console.log(`  paired difference (i-th request of the same block round), median: ${r.overhead.pairedMedianMs.toFixed(3)} ms`);
  const met = r.overhead.p50Ms <= AIM_P50_MS;
  console.log(`  aim: overhead p50 ≤ ${AIM_P50_MS.toFixed(3)} ms — ${met ? 'met' : 'NOT met'} (${r.overhead.p50Ms.toFixed(3)} ms)`);
  console.log(`  p50 per fifth of the run: ${r.variants.map((v) => `${v} ${(r.fifthsP50Ms[v] ?? []).map((x) => x.toFixed(3)).join(', ')}`).join('; ')}`);
  console.log(`  credential reloads from the database (cache entry older than 500 ms): ${r.credentialReloads} of ${fmt(r.requests)} production requests`);
  console.log(`  RPCs answered: ${fmt(r.rpcs.withEnvelope)} with the envelope headers, ${fmt(r.rpcs.withoutEnvelope)} without`);
  const cores = Object.entries(r.cpu.cores)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');
  console.log(`  CPU (cores busy on average): ${cores}; other processes ${r.cpu.otherCores.toFixed(2)}`);
  if (r.cpu.otherCores > 0.1) console.log(`  WARNING: other processes used ${r.cpu.otherCores.toFixed(2)} cores during the timed run; the figures are disturbed.`);
  const m = r.micro;
  console.log(`\nThe pieces in isolation, µs per call (median of batches of 1,000, in the production process):`);
  console.log(`  credential cache hit (SHA-256 of the token, Map lookup, clock, last-used check) ${us(m.credentialCacheHitUs)}`);
  console.log(`  authorize (matrix row, the principal's roles in the project)                   ${us(m.authorizeUs)}`);
  console.log(`  HTTP edge envelope (request id, new trace span)                                 ${us(m.edgeEnvelopeUs)}`);
  console.log(`  RPC envelope headers (child span, encode; validated once per request), per RPC  ${us(m.rpcEnvelopeHeadersUs)}  × ${m.rpcsPerRequest}`);
  console.log(`  sum per request                                                                  ${us(m.perRequestUs)}`);
  if (r.overhead.p50Ms > 0) {
    console.log(`  = ${Math.round((m.perRequestUs / 1000 / r.overhead.p50Ms) * 100)}% of the measured p50 overhead; the rest is around them (see docs/performance.md).`);
  }
  const breakdown = r.cpuBreakdownUs;
  if (breakdown) {
    console.log(`\nMain-thread CPU per request, µs, from the profiles of the timed run (sampled every 1 ms; estimates):`);
    console.log(`  ${''.padEnd(72)}${r.variants.map((v) => v.padStart(24)).join('')}`);
    const totals = r.variants.map(() => 0);
    for (const bucket of BREAKDOWN_BUCKETS) {
      const values = r.variants.map((v) => breakdown[v]?.[bucket] ?? 0);
      values.forEach((x, i) => (totals[i] += x));
      console.log(`  ${bucket.padEnd(72)}${values.map((x) => x.toFixed(1).padStart(24)).join('')}`);
    }
    console.log(`  ${'all'.padEnd(72)}${totals.map((x) => x.toFixed(1).padStart(24)).join('')}`);
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function loads(): number[] {
  return loadavg().map((v) => round(v, 2));
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const machine = machineInfo();
  const loadBefore = loads();
  console.log('Fulcrum auth-overhead benchmark');
  console.log(`Machine: ${machine.cpuCount} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}, ${machine.platform}`);
  console.log(`Load average (1, 5, 15 min) before: ${loadBefore.join(', ')}`);
  console.log(`Options: ${JSON.stringify(opts)}`);
  const dir = makeTempDir('fulcrum-bench-auth-');
  const workers: Worker[] = [];
  let result: Result | undefined;
  let failure: string | undefined;
  try {
    result = await measure(opts, dir.path, workers);
    printResult(result);
  } catch (error) {
    failure = (error as Error).stack ?? String(error);
    console.error(`\nFAILED: ${failure}`);
    for (const w of workers) {
      if (existsSync(w.logPath)) console.error(`\nThe end of the ${w.variant} gateway's log (${w.logPath}):\n${readFileSync(w.logPath, 'utf8').split('\n').slice(-30).join('\n')}`);
    }
  }
  const loadAfter = loads();
  console.log(`\nLoad average (1, 5, 15 min) after: ${loadAfter.join(', ')}`);
  if (failure === undefined && !opts.keepData) dir.remove();
  else console.log(`Data and logs kept in ${dir.path}`);
  console.log(
    JSON.stringify({
      bench: 'auth-overhead',
      at: new Date().toISOString(),
      ok: failure === undefined,
      ...(failure !== undefined && { failure: failure.split('\n')[0] }),
      machine,
      loadAverage: { before: loadBefore, after: loadAfter },
      options: opts,
      aim: { overheadP50Ms: AIM_P50_MS, met: result ? result.overhead.p50Ms <= AIM_P50_MS : undefined },
      result,
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
