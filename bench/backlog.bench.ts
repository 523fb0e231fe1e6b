/**
 * Backlog benchmark (issue section 9): one project with 100,000 items and 300,000 links, the backlog
 * service as `npm run up` runs it (its own process from dist/, NATS request/reply with a user
 * envelope, embedded PGlite by default), each timed RPC next to a raw SQL baseline measured in the
 * same run on the same data. Prints figures (human-readable, then one JSON line) and asserts
 * nothing; exit code 1 only when something failed (an error, or an answer that disagrees with the
 * reference or the baseline).
 *
 *   npm run bench:backlog [-- --items=100000 --links=300000 --repetitions=200 --window=250
 *                            --database-url=postgres://postgres:postgres@127.0.0.1:5432/postgres --keep-data]
 *
 * With --database-url the run creates a fresh database on that server (dropped at the end unless
 * --keep-data) and the service uses it; without, the service's embedded PGlite in a temp folder.
 *
 * Sequence (the embedded PGlite folder is opened by one process at a time):
 *  0. the service starts once (its migrations make the schema) and stops;
 *  1. BULK LOAD, untimed: the generated project straight into the service's tables (multi-row
 *     INSERTs through `pg`; support/backlog-bulk-load.ts);
 *  2. RAW BASELINES on those tables (pg → the same engine: the PGlite folder served by the bench,
 *     or the same PostgreSQL database): board pages, neighbourhoods, link additions (then the
 *     baseline's links are deleted again, so the service meets the same graph);
 *  3. the service starts again and the same requests go through RPC: board, graph, links;
 *  4. an untimed extra pass per RPC with the service's CPU profiled (what dominates).
 * The project's key: ingest is stood in for on NATS (`ingest.projects.get.v1`, fixed reply); the
 * bulk load also writes the project row the backlog would write after asking, so it never asks.
 * What every figure means: docs/performance.md, section "Backlog".
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { type BacklogGraphView, DomainError, RPC, expandBacklogGraphReply } from '@fulcrum/contracts';
import { type RequestEnvelope, RpcClient, natsClientOptions, newRequestId, newTraceparent } from '@fulcrum/messaging';
import { type TempDir, type TestNats, makeTempDir, startTestNats } from '@fulcrum/testing';
import { bulkLoad } from './support/backlog-bulk-load';
import { type BenchDataset, Rng, generateDataset } from './support/backlog-dataset';
import { type BenchDatabase, type BacklogProcess, awaitBacklogReady, embeddedDatabase, fakeIngest, serverDatabase, startBacklogProcess } from './support/backlog-stack';
import { PROFILE_BUCKETS, serviceCpuBreakdown } from './support/backlog-profile';
import { RawBaseline } from './support/backlog-raw-baseline';
import { type Summary, agreement, printComparison, summarize } from './support/backlog-report';
import { type BoardRequestPlan, type GraphRequestPlan, type LinkAttempt, expectedBoard, planBoardRequests, planGraphRequests, planLinkAttempts } from './support/backlog-workload';
import { type CpuPhase, CpuSampler, machineInfo, round } from './support/machine';

interface Options {
  items: number;
  links: number;
  repetitions: number;
  window: number;
  databaseUrl?: string;
  keepData: boolean;
}

const KNOWN = ['items', 'links', 'repetitions', 'window', 'database-url', 'keep-data'];
const WARMUP = { board: 8, graph: 3, links: 10 };
const PROFILED = 60;
const GRAPH_SETS = 10;
const GRAPH_DEPTH = 3;
const GRAPH_TARGET = 2_000;
const GRAPH_LIMIT = 5_000;
/** The person the bench acts as (the gateway would send a member's envelope like this one). */
const ACTOR = { actorId: 'user:0b0b0b0b-0000-4000-8000-00000000be11', actorName: 'Bench PM' };

function parseOptions(argv: readonly string[]): Options {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.+))?$/.exec(a);
    if (!m || !KNOWN.includes(m[1])) throw new Error(`unknown argument ${a} (known: ${KNOWN.map((k) => `--${k}`).join(' ')})`);
    if (m[1] === 'database-url' && !/^postgres(ql)?:\/\//.test(m[2] ?? '')) throw new Error('--database-url must be a postgres:// URL');
    args.set(m[1], m[2] ?? 'true');
  }
  const int = (name: string, fallback: number): number => {
    const raw = args.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer (got ${raw})`);
    return value;
  };
  return {
    items: int('items', 100_000),
    links: int('links', 300_000),
    repetitions: int('repetitions', 200),
    window: int('window', 250),
    databaseUrl: args.get('database-url'),
    keepData: args.get('keep-data') === 'true',
  };
}

const envelope = (): RequestEnvelope => ({ ...ACTOR, requestId: newRequestId(), traceparent: newTraceparent() });

interface Stack {
  rootDir: string;
  dir: TempDir;
  nats: TestNats;
  nc: NatsConnection;
  rpc: RpcClient;
  db: BenchDatabase;
  ds: BenchDataset;
  profileDir: string;
  service?: BacklogProcess;
}

interface Measured {
  service: number[];
  raw: number[];
  /** Requests whose answer disagreed (service vs raw vs reference), with the first few described. */
  disagreements: string[];
  checked: number;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  // The RPC client warns on every "no responders" while the service starts: keep errors only.
  Logger.overrideLogger(['error']);
  const m = machineInfo();
  const load = loadavg().map((x) => round(x, 2));
  console.log('Fulcrum backlog benchmark');
  console.log(`Machine: ${m.cpuCount} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB RAM, Node ${m.node}, ${m.platform}`);
  console.log(`Load average at start (1, 5, 15 min): ${load.join(', ')}${load[0] > m.cpuCount * 0.5 ? '  — a busy machine: read the figures as disturbed' : ''}`);
  console.log(`Options: ${JSON.stringify(opts)}`);

  const tGen = performance.now();
  const ds = generateDataset(opts.items, opts.links, opts.window);
  const rng = new Rng(7);
  const graphPlans = planGraphRequests(ds, GRAPH_SETS, GRAPH_DEPTH, GRAPH_TARGET, rng);
  const attempts = planLinkAttempts(ds, WARMUP.links + opts.repetitions + PROFILED, rng);
  const boardPlans = planBoardRequests(WARMUP.board + opts.repetitions + PROFILED);
  console.log(`Generated the project in ${((performance.now() - tGen) / 1000).toFixed(1)} s: ${fmt(ds.items.length)} items, ${fmt(ds.links.ids.length)} links (${fmt(countOrdering(ds))} ordering), windows of ${ds.window} items`);

  const rootDir = resolve(__dirname, '..', '..');
  const dir = makeTempDir('fulcrum-bench-backlog-');
  const profileDir = join(dir.path, 'profiles');
  mkdirSync(profileDir);
  let nats: TestNats | undefined;
  let nc: NatsConnection | undefined;
  let proxy: ClientProxy | undefined;
  let stack: Stack | undefined;
  let failed = false;
  try {
    nats = await startTestNats();
    nc = await connect({ servers: nats.url });
    const ingest = fakeIngest(nc, ds.projectId, ds.projectKey);
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'bench') });
    const rpc = new RpcClient(proxy, 60_000, { defaultEnvelope: envelope });
    const db = opts.databaseUrl ? await serverDatabase(opts.databaseUrl) : embeddedDatabase(dir.path);
    stack = { rootDir, dir, nats, nc, rpc, db, ds, profileDir };
    console.log(`Database: ${db.describe}`);

    // 0. Schema.
    stack.service = startService(stack);
    console.log(`Service started once for its migrations (ready in ${((await awaitBacklogReady(rpc, ds.projectId, 120_000)) / 1000).toFixed(1)} s), stopped for the load`);
    await stack.service.stop();

    // 1–2. Bulk load and raw baselines.
    const client = await db.open();
    const raw = new RawBaseline(client, ds.projectId);
    const sampler = new CpuSampler(() => new Map([['bench', process.pid], ['service', stack?.service?.child.pid], ['nats', nats?.process.pid]]));
    const tLoad = performance.now();
    let lastPrint = 0;
    await bulkLoad(client, ds, (what) => {
      if (performance.now() - lastPrint < 5_000) return;
      lastPrint = performance.now();
      console.log(`  bulk load: ${what}`);
    });
    const loadSeconds = (performance.now() - tLoad) / 1000;
    console.log(`Bulk load (untimed for the aims; multi-row INSERTs through pg, then VACUUM ANALYZE): ${loadSeconds.toFixed(1)} s`);

    console.log('\nRaw SQL baselines (pg straight on the same tables, no service)…');
    const rawBoard = await timeRawBoard(raw, boardPlans.slice(0, WARMUP.board + opts.repetitions));
    const rawGraph = await timeRawGraph(raw, graphPlans, opts.repetitions);
    const cpuRaw0 = sampler.snapshot();
    const rawLinks = await timeRawLinks(raw, ds, attempts.slice(0, WARMUP.links + opts.repetitions));
    const cpuRawLinks = CpuSampler.phase(cpuRaw0, sampler.snapshot());
    const boardCountMs = await timeCounts(raw, boardPlans.slice(0, 40));
    await raw.removeLinks(rawLinks.insertedIds);
    await db.close(client);

    // 3. The service.
    stack.service = startService(stack);
    const readyMs = await awaitBacklogReady(rpc, ds.projectId, 180_000);
    console.log(`\nService restarted on the loaded database (ready in ${(readyMs / 1000).toFixed(1)} s); timing RPCs (${opts.repetitions} each after a warm-up)…`);
    const cpu: Record<string, CpuPhase> = {};
    let t = sampler.snapshot();
    const board = await timeServiceBoard(rpc, ds, boardPlans.slice(0, WARMUP.board + opts.repetitions), rawBoard.pages);
    cpu['board'] = CpuSampler.phase(t, (t = sampler.snapshot()));
    const graph = await timeServiceGraph(rpc, ds, graphPlans, opts.repetitions, rawGraph.answers);
    cpu['graph'] = CpuSampler.phase(t, (t = sampler.snapshot()));
    const versions = new Map<number, number>();
    const links = await timeServiceLinks(rpc, ds, attempts.slice(0, WARMUP.links + opts.repetitions), rawLinks.answers, versions);
    cpu['links'] = CpuSampler.phase(t, sampler.snapshot());
    cpu['rawLinks'] = cpuRawLinks;

    // 4. Untimed, profiled pass: where the service's time goes.
    const profiles = {
      links: await profiled(stack, PROFILED, () => timeServiceLinks(rpc, ds, attempts.slice(WARMUP.links + opts.repetitions), undefined, versions).then(() => undefined)),
      graph: await profiled(stack, Math.min(PROFILED, 30), async () => {
        for (let i = 0; i < Math.min(PROFILED, 30); i += 1) await graphRequest(rpc, ds, graphPlans[i % graphPlans.length]);
      }),
      board: await profiled(stack, PROFILED, () => timeServiceBoard(rpc, ds, boardPlans.slice(WARMUP.board + opts.repetitions), undefined).then(() => undefined)),
    };
    await stack.service.stop();

    // Report.
    const linkS = { service: summarize(links.measured.service), raw: summarize(rawLinks.measured.raw) };
    const graphS = { service: summarize(graph.measured.service), raw: summarize(rawGraph.measured.raw) };
    const boardS = { service: summarize(board.measured.service), raw: summarize(rawBoard.measured.raw) };
    const accepted = links.kinds.accepted;
    const refused = links.kinds.refused;
    console.log(`\n1. Add a BLOCKS link with its cycle check (${RPC.backlogLinksAdd}), ${opts.repetitions} attempts after ${WARMUP.links} warm-up: ${accepted.length} accepted, ${refused.length} refused LINK_CYCLE`);
    printComparison('service (RPC)', linkS.service, 'raw (recursive CTE reachability + INSERT, one statement)', linkS.raw, 10);
    console.log(`   service, accepted only: ${describe(summarize(accepted))};  refused (LINK_CYCLE) only: ${describe(summarize(refused))}`);
    console.log(`   answers (cycle yes/no): ${agreement(links.measured)}`);
    const sizes = graphPlans.map((p) => p.expectedNodes);
    console.log(`\n2. Dependency view (${RPC.backlogGraphGet}), depth ${GRAPH_DEPTH}, BOTH, limit ${GRAPH_LIMIT}, ${graphPlans.length} root sets (${Math.min(...graphPlans.map((p) => p.roots.length))}–${Math.max(...graphPlans.map((p) => p.roots.length))} roots) of ${Math.min(...sizes)}–${Math.max(...sizes)} nodes (mean ${Math.round(mean(sizes))}), ${Math.round(mean(graphPlans.map((p) => p.expectedEdges)))} edges, ${Math.round(mean(graphPlans.map((p) => p.ancestorsOutside)))} ordering ancestors outside the view, ${opts.repetitions} requests`);
    console.log(`   first request after the restart (loads the project's ordering graph into memory): ${graph.firstMs.toFixed(0)} ms`);
    printComparison('service (RPC)', graphS.service, 'raw (recursive CTE: nodes with item fields + live links among them)', graphS.raw, 100);
    console.log(`   answers (node and edge counts): ${agreement(graph.measured)}`);
    console.log(`\n3. Board page of 50 (${RPC.backlogBoardGet}): a track's open items (states ${boardPlans[0].states.join(', ')}), first page or the next one by cursor, ${opts.repetitions} requests`);
    printComparison('service (RPC)', boardS.service, 'raw (one SELECT … ORDER BY rank COLLATE "C" LIMIT 50)', boardS.raw, 20);
    console.log(`   the service also counts the filtered list (totalCount): that count alone, raw: ${describe(summarize(boardCountMs))}`);
    console.log(`   answers (page ids in order): ${agreement(board.measured)}`);

    console.log(`\nWhere the service's main-thread CPU goes (untimed extra pass, V8 sampling profile, ms per request):`);
    for (const [name, p] of Object.entries(profiles)) {
      if (!p) continue;
      const parts = PROFILE_BUCKETS.filter((b) => (p.buckets[b] ?? 0) >= 0.05).map((b) => `${b} ${(p.buckets[b] ?? 0).toFixed(2)}`);
      console.log(`   ${name}: ${p.total.toFixed(2)} ms CPU — ${parts.join('; ')}`);
      const top = Object.entries(p.topServiceFunctions).filter(([, v]) => v >= 0.05);
      if (top.length > 0) console.log(`     of the service's own code, most self time: ${top.map(([f, v]) => `${f} ${v.toFixed(2)}`).join('; ')}`);
    }
    console.log(`\nCPU during the timed phases (cores busy; "other" = everything else on the machine, > 0.05 means disturbed):`);
    for (const [name, phase] of Object.entries(cpu)) console.log(`   ${name}: ${JSON.stringify(phase.cores)}, other ${phase.otherCores}, machine busy ${Math.round(phase.machineBusyShare * 100)} %`);
    const loadEnd = loadavg().map((x) => round(x, 2));
    console.log(`Load average at the end (1, 5, 15 min): ${loadEnd.join(', ')}; ingest stand-in asked ${ingest.calls.length} times`);

    const disagreements = [...links.measured.disagreements, ...graph.measured.disagreements, ...board.measured.disagreements];
    if (disagreements.length > 0) {
      failed = true;
      console.error(`\nWRONG ANSWERS (${disagreements.length}):\n  ${disagreements.slice(0, 10).join('\n  ')}`);
    }
    const figures = (s: { service: Summary; raw: Summary }) => ({ service: s.service, raw: s.raw, ratioP50: round(s.service.p50 / s.raw.p50, 2), ratioP95: round(s.service.p95 / s.raw.p95, 2) });
    console.log(
      `\n${JSON.stringify({
        bench: 'backlog',
        machine: m,
        loadAverage: { start: load, end: loadEnd },
        options: opts,
        database: opts.databaseUrl ? 'postgres' : 'pglite',
        data: { items: ds.items.length, links: ds.links.ids.length, orderingLinks: countOrdering(ds), window: ds.window, bulkLoadSeconds: round(loadSeconds, 1) },
        linkAdd: { ...figures(linkS), accepted: accepted.length, refusedCycle: refused.length, acceptedMs: summarize(accepted), refusedMs: summarize(refused), aimP95Ms: 10, agree: links.measured.disagreements.length === 0 },
        graph: { ...figures(graphS), nodes: sizes, firstMs: round(graph.firstMs, 1), aimP95Ms: 100, agree: graph.measured.disagreements.length === 0 },
        board: { ...figures(boardS), rawCountMs: summarize(boardCountMs), aimP95Ms: 20, agree: board.measured.disagreements.length === 0 },
        serviceCpuMsPerRequest: profiles,
        cpu,
      })}`,
    );
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  } finally {
    await stack?.service?.stop();
    await proxy?.close();
    await nc?.close();
    await nats?.stop();
    await stack?.db.dispose(opts.keepData).catch((e: unknown) => console.error(`could not drop the run's database: ${String(e)}`));
    if (opts.keepData) console.log(`Data kept in ${dir.path}${opts.databaseUrl ? ` and ${stack?.db.describe}` : ''}`);
    else dir.remove();
  }
  process.exit(failed ? 1 : 0);
}

function startService(stack: Stack): BacklogProcess {
  return startBacklogProcess(stack.rootDir, stack.nats.url, stack.dir.path, stack.db.serviceUrl, join(stack.dir.path, 'backlog.log'), {
    NODE_OPTIONS: `--require=${join(__dirname, 'support', 'cpu-profile.preload.js')}`,
    FULCRUM_BENCH_CPU_PROF_DIR: stack.profileDir,
  });
}

/** Runs `work` with the service's sampling profiler on (SIGUSR2 on, SIGUSR2 off) and breaks its CPU down per request. */
async function profiled(stack: Stack, requests: number, work: () => Promise<void>) {
  const child = stack.service?.child;
  if (!child?.pid || process.platform !== 'linux') return undefined;
  const file = join(stack.profileDir, `backlog.${child.pid}.cpuprofile`);
  rmSync(file, { force: true });
  child.kill('SIGUSR2');
  await sleep(200);
  await work();
  child.kill('SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(file); i += 1) await sleep(100);
  await sleep(300);
  if (!existsSync(file)) return undefined;
  const b = serviceCpuBreakdown(file, requests);
  const rounded = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v, 3)]));
  return { total: round(b.total, 2), buckets: rounded(b.buckets), topServiceFunctions: rounded(b.topServiceFunctions) };
}

// ---- Board ----

async function timeRawBoard(raw: RawBaseline, plans: readonly BoardRequestPlan[]) {
  const measured: Measured = { service: [], raw: [], disagreements: [], checked: 0 };
  const pages = new Map<string, string[]>();
  const lastRank = new Map<string, string | null>();
  for (const [i, plan] of plans.entries()) {
    const t0 = performance.now();
    const page = await raw.boardPage(plan.track, plan.states, plan.page === 'first' ? null : (lastRank.get(plan.track) ?? null));
    const ms = performance.now() - t0;
    if (i >= WARMUP.board) measured.raw.push(ms);
    if (plan.page === 'first') lastRank.set(plan.track, page.lastRank);
    pages.set(`${plan.track}:${plan.page}`, page.ids);
  }
  return { measured, pages };
}

async function timeCounts(raw: RawBaseline, plans: readonly BoardRequestPlan[]): Promise<number[]> {
  const out: number[] = [];
  for (const plan of plans) {
    const t0 = performance.now();
    await raw.boardCount(plan.track, plan.states);
    out.push(performance.now() - t0);
  }
  return out.slice(4);
}

async function timeServiceBoard(rpc: RpcClient, ds: BenchDataset, plans: readonly BoardRequestPlan[], rawPages: ReadonlyMap<string, string[]> | undefined) {
  const measured: Measured = { service: [], raw: [], disagreements: [], checked: 0 };
  const cursors = new Map<string, string>();
  const reference = new Map<string, string[]>();
  for (const [i, plan] of plans.entries()) {
    const after = plan.page === 'next' ? cursors.get(plan.track) : undefined;
    const t0 = performance.now();
    const reply = await rpc.request(RPC.backlogBoardGet, { projectId: ds.projectId, track: plan.track, states: [...plan.states], first: 50, ...(after && { after }) });
    const ms = performance.now() - t0;
    if (i >= WARMUP.board) measured.service.push(ms);
    const ids = reply.edges.map((e) => e.node.id);
    if (plan.page === 'first') cursors.set(plan.track, reply.edges[reply.edges.length - 1]?.cursor ?? '');
    if (!rawPages) continue;
    const all = reference.get(plan.track) ?? expectedBoard(ds, plan.track, plan.states);
    reference.set(plan.track, all);
    const expected = plan.page === 'first' ? all.slice(0, 50) : all.slice(50, 100);
    const rawIds = rawPages.get(`${plan.track}:${plan.page}`) ?? [];
    measured.checked += 1;
    if (ids.join() !== expected.join() || rawIds.join() !== expected.join() || reply.totalCount !== all.length) {
      measured.disagreements.push(`board ${plan.track} ${plan.page}: service ${ids.length} ids (total ${reply.totalCount}), raw ${rawIds.length}, expected ${expected.length} (total ${all.length}), same order: service ${ids.join() === expected.join()}, raw ${rawIds.join() === expected.join()}`);
    }
  }
  return { measured };
}

// ---- Graph ----

/** The view as the gateway gets it: the RPC's columns turned into the GraphQL shape's objects (timed too). */
async function graphRequest(rpc: RpcClient, ds: BenchDataset, plan: GraphRequestPlan): Promise<BacklogGraphView> {
  return expandBacklogGraphReply(await rpc.request(RPC.backlogGraphGet, { projectId: ds.projectId, roots: plan.roots, depth: plan.depth, direction: 'BOTH', limit: GRAPH_LIMIT }));
}

async function timeRawGraph(raw: RawBaseline, plans: readonly GraphRequestPlan[], repetitions: number) {
  const measured: Measured = { service: [], raw: [], disagreements: [], checked: 0 };
  const answers = new Map<number, { nodes: number; edges: number }>();
  for (let i = 0; i < WARMUP.graph + repetitions; i += 1) {
    const p = i % plans.length;
    const t0 = performance.now();
    const answer = await raw.neighbourhood(plans[p].roots, plans[p].depth);
    const ms = performance.now() - t0;
    if (i >= WARMUP.graph) measured.raw.push(ms);
    answers.set(p, answer);
  }
  return { measured, answers };
}

async function timeServiceGraph(rpc: RpcClient, ds: BenchDataset, plans: readonly GraphRequestPlan[], repetitions: number, rawAnswers: ReadonlyMap<number, { nodes: number; edges: number }>) {
  const measured: Measured = { service: [], raw: [], disagreements: [], checked: 0 };
  let firstMs = 0;
  for (let i = 0; i < WARMUP.graph + repetitions; i += 1) {
    const p = i % plans.length;
    const plan = plans[p];
    const t0 = performance.now();
    const reply = await graphRequest(rpc, ds, plan);
    const ms = performance.now() - t0;
    if (i === 0) firstMs = ms;
    if (i >= WARMUP.graph) measured.service.push(ms);
    const rawAnswer = rawAnswers.get(p);
    measured.checked += 1;
    if (reply.truncated || reply.nodes.length !== plan.expectedNodes || reply.edges.length !== plan.expectedEdges || rawAnswer?.nodes !== plan.expectedNodes || rawAnswer.edges !== plan.expectedEdges) {
      measured.disagreements.push(`graph set ${p}: service ${reply.nodes.length} nodes/${reply.edges.length} edges${reply.truncated ? ' (truncated)' : ''}, raw ${rawAnswer?.nodes}/${rawAnswer?.edges}, expected ${plan.expectedNodes}/${plan.expectedEdges}`);
    }
  }
  return { measured, firstMs };
}

// ---- Links ----

async function timeRawLinks(raw: RawBaseline, ds: BenchDataset, attempts: readonly LinkAttempt[]) {
  const measured: Measured = { service: [], raw: [], disagreements: [], checked: 0 };
  const answers: boolean[] = [];
  const insertedIds: string[] = [];
  for (const [i, a] of attempts.entries()) {
    const id = randomUUID();
    const t0 = performance.now();
    const inserted = await raw.addLink(id, ds.items[a.fromIndex].id, ds.items[a.toIndex].id, ACTOR.actorId);
    const ms = performance.now() - t0;
    if (i >= WARMUP.links) measured.raw.push(ms);
    if (inserted) insertedIds.push(id);
    answers.push(!inserted);
  }
  return { measured, answers, insertedIds };
}

async function timeServiceLinks(rpc: RpcClient, ds: BenchDataset, attempts: readonly LinkAttempt[], rawCycles: readonly boolean[] | undefined, versions: Map<number, number>) {
  const measured: Measured = { service: [], raw: [], disagreements: [], checked: 0 };
  const kinds = { accepted: [] as number[], refused: [] as number[] };
  for (const [i, a] of attempts.entries()) {
    const request = { projectId: ds.projectId, fromItemId: ds.items[a.fromIndex].id, toItemId: ds.items[a.toIndex].id, type: 'BLOCKS' as const, expectedVersion: versions.get(a.fromIndex) ?? 1 };
    let cycle: boolean;
    const t0 = performance.now();
    try {
      const reply = await rpc.request(RPC.backlogLinksAdd, request);
      versions.set(a.fromIndex, reply.fromItemVersion);
      cycle = false;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'LINK_CYCLE') throw error;
      cycle = true;
    }
    const ms = performance.now() - t0;
    if (i >= WARMUP.links) {
      measured.service.push(ms);
      (cycle ? kinds.refused : kinds.accepted).push(ms);
    }
    measured.checked += 1;
    const rawCycle = rawCycles?.[i] ?? a.expectedCycle;
    if (cycle !== a.expectedCycle || rawCycle !== a.expectedCycle) {
      measured.disagreements.push(`link attempt ${i} (${a.kind}): service cycle=${cycle}, raw cycle=${rawCycle}, expected ${a.expectedCycle}`);
    }
  }
  return { measured, kinds };
}

function countOrdering(ds: BenchDataset): number {
  let n = 0;
  for (const t of ds.links.type) if (t < 2) n += 1;
  return n;
}

function describe(s: Summary): string {
  return s.n === 0 ? 'none' : `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms (n ${s.n})`;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

void main();
