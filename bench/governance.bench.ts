/**
 * Governance benchmark: the governance service as `npm run up` runs it (its own process, NATS
 * request/reply, JetStream, PostgreSQL protocol to an embedded PGlite), against raw baselines
 * measured in the same run on the same machine. Prints figures (human-readable, then one JSON
 * line) and asserts nothing. Exit code 1 only when something failed.
 *
 *   npm run bench:governance [-- --decisions=1000000 --audit-entries=1000000 --report-runs=5
 *                               --proofs=200 --load-concurrency=2 --database-url=postgres://…]
 *
 * Without --database-url the service uses its embedded PGlite (as `npm run up` does). With it, the
 * service runs on that PostgreSQL server (the production path; use an empty database) and the raw
 * baseline queries the service's own `decisions` table there.
 *
 * Phases:
 *  1. load N decisions through `recordDecisions` (10,000 per call; untimed for the aims, printed);
 *  2. fairness report over those N decisions (sex × race, intersectional): median of R runs through
 *     RPC, next to the raw baseline = the same rows in an in-process PGlite (same engine as the
 *     service's embedded database, no service, no socket) and the same GROUP BY counts;
 *  3. audit-trail appends: M `AuditActionMessage`s published on the AUDIT stream, timed until the
 *     trail's tree size reaches them, next to the raw in-process Merkle append rate of the lib;
 *  4. inclusion proofs at the resulting tree size (≥ M): P random entries through RPC (signed tree
 *     head included), next to the raw in-memory proof time of the lib at the same size.
 * What every figure means exactly: docs/performance.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect, headers } from 'nats';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { type AuditActionMessage, type DecisionInputDto, RPC, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { MerkleLog, hashLeaf, inclusionProof } from '@fulcrum/audit-log';
import { RpcClient, ensureStream, natsClientOptions, serviceEnvelope } from '@fulcrum/messaging';
import { type TestNats, makeTempDir, startTestNats } from '@fulcrum/testing';
import { machineInfo, percentile, round } from './support/machine';

interface Options {
  decisions: number;
  auditEntries: number;
  reportRuns: number;
  proofs: number;
  loadConcurrency: number;
  databaseUrl?: string;
}

const KNOWN = ['decisions', 'audit-entries', 'report-runs', 'proofs', 'load-concurrency', 'database-url'];

function parseOptions(argv: readonly string[]): Options {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)=(.+)$/.exec(a);
    if (!m || !KNOWN.includes(m[1])) throw new Error(`unknown argument ${a} (known: ${KNOWN.map((k) => `--${k}=N`).join(' ')})`);
    if (m[1] === 'database-url' && !/^postgres(ql)?:\/\//.test(m[2])) throw new Error('--database-url must be a postgres:// URL');
    args.set(m[1], m[2]);
  }
  const int = (name: string, fallback: number): number => {
    const raw = args.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer (got ${raw})`);
    return value;
  };
  return {
    decisions: int('decisions', 1_000_000),
    auditEntries: int('audit-entries', 1_000_000),
    reportRuns: int('report-runs', 5),
    proofs: int('proofs', 200),
    loadConcurrency: int('load-concurrency', 2),
    databaseUrl: args.get('database-url'),
  };
}

const SEXES = ['Female', 'Male'];
const RACES = ['Asian', 'Black', 'Hispanic', 'Other', 'White'];
const DECISIONS_PER_CALL = 10_000;

/** Deterministic synthetic decisions with group-dependent approval rates (a mulberry32 stream). */
function decisionChunk(start: number, count: number, runId: string): DecisionInputDto[] {
  const rows: DecisionInputDto[] = [];
  for (let i = start; i < start + count; i += 1) {
    const r = rand(i);
    const sex = SEXES[i % 2];
    const race = RACES[Math.floor(i / 2) % RACES.length];
    const rate = 0.35 + (sex === 'Male' ? 0.08 : 0) + RACES.indexOf(race) * 0.02;
    const approved = r < rate;
    const repaid = rand(i + 7_919) < (approved ? 0.8 : 0.45);
    rows.push({
      decisionId: `${runId}-${i}`,
      subjectRef: `subject-${i % 250_000}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1) + (i % 86_400) * 60_000).toISOString(),
      purpose: 'credit-limit',
      outcome: approved ? 'approve' : 'deny',
      score: Math.round(r * 1_000) / 1_000,
      groundTruth: repaid ? 'repaid' : 'defaulted',
      attributes: { sex, race },
    });
  }
  return rows;
}

function rand(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

const RAW_GROUP_COUNTS_SQL = `
  SELECT attributes ->> 'sex' AS sex, attributes ->> 'race' AS race,
         count(*) AS n,
         count(*) FILTER (WHERE outcome = $2) AS favorable,
         count(*) FILTER (WHERE outcome = $2 AND ground_truth = $3) AS tp,
         count(*) FILTER (WHERE outcome = $2 AND ground_truth <> $3) AS fp,
         count(*) FILTER (WHERE outcome <> $2 AND ground_truth <> $3) AS tn,
         count(*) FILTER (WHERE outcome <> $2 AND ground_truth = $3) AS fn
  FROM decisions
  WHERE model_version_id = $1
  GROUP BY 1, 2`;

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const m = machineInfo();
  console.log('Fulcrum governance benchmark');
  console.log(`Machine: ${m.cpuCount} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB RAM, Node ${m.node}, ${m.platform}`);
  console.log(`Options: ${JSON.stringify(opts)}`);

  const dir = makeTempDir('fulcrum-bench-governance-');
  const rootDir = resolve(__dirname, '..', '..');
  let nats: TestNats | undefined;
  let child: ChildProcess | undefined;
  let nc: NatsConnection | undefined;
  const proxy = { current: undefined as ReturnType<typeof ClientProxyFactory.create> | undefined };
  try {
    nats = await startTestNats();
    const log = join(dir.path, 'governance.log');
    child = spawn(process.execPath, ['--enable-source-maps', join(rootDir, 'dist', 'apps', 'governance', 'src', 'main.js')], {
      env: { PATH: process.env['PATH'], NATS_URL: nats.url, FULCRUM_DATA_DIR: dir.path,
        ...(opts.databaseUrl ? { FULCRUM_GOVERNANCE_DATABASE_URL: opts.databaseUrl } : {}),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = createWriteStream(log);
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGTERM') {
        console.error(`governance exited (${code ?? signal}); the end of its log:`);
        setTimeout(() => console.error(readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')), 200);
      }
    });
    proxy.current = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'bench') });
    const rpc = new RpcClient(proxy.current, 120_000, { defaultEnvelope: () => serviceEnvelope('bench') });
    nc = await connect({ servers: nats.url });

    const tReady = performance.now();
    await retry('governance readiness', 90_000, () => rpc.request(RPC.governanceRulesList, {}));
    console.log(`Governance service ready in ${((performance.now() - tReady) / 1000).toFixed(1)} s`);

    // A project of its own: every RPC names it, and the bench's AUDIT actions carry it too.
    const projectId = randomUUID();
    const { model } = await rpc.request(RPC.governanceModelsRegister, {
      projectId,
      name: `bench-${randomUUID().slice(0, 8)}`,
      description: 'benchmark model',
      owner: 'bench',
      riskLevel: 'HIGH',
    });
    const { version } = await rpc.request(RPC.governanceModelVersionsRegister, {
      projectId,
      modelId: model.id,
      artifactDigest: `sha256:${'a'.repeat(64)}`,
      trainingDataset: { name: 'synthetic', version: '1', contentHash: `sha256:${'b'.repeat(64)}`, rows: opts.decisions, source: 'bench' },
      features: [{ name: 'income', sensitivity: 'PERSONAL' }],
      purposes: ['credit-limit'],
      legalBasis: 'CONTRACT',
      solelyAutomatedSignificantDecisions: false,
      humanReviewAvailable: true,
      retentionDays: 365,
    });

    // 1. Load.
    console.log(`\nLoading ${fmt(opts.decisions)} decisions through recordDecisions (${fmt(DECISIONS_PER_CALL)} per call, ${opts.loadConcurrency} in flight)…`);
    const runId = randomUUID().slice(0, 8);
    const tLoad = performance.now();
    let next = 0;
    let accepted = 0;
    let anchorSeq = -1;
    const worker = async (): Promise<void> => {
      while (next < opts.decisions) {
        const start = next;
        const count = Math.min(DECISIONS_PER_CALL, opts.decisions - start);
        next += count;
        const reply = await rpc.request(RPC.governanceDecisionsRecord, { projectId, modelVersionId: version.id, decisions: decisionChunk(start, count, runId) });
        if (reply.rejected.length > 0) throw new Error(`rows rejected: ${JSON.stringify(reply.rejected.slice(0, 3))}`);
        accepted += reply.accepted;
        anchorSeq = Math.max(anchorSeq, reply.auditSeq ?? -1);
      }
    };
    await Promise.all(Array.from({ length: opts.loadConcurrency }, worker));
    const loadSeconds = (performance.now() - tLoad) / 1000;
    if (accepted !== opts.decisions) throw new Error(`accepted ${accepted} of ${opts.decisions}`);
    console.log(`  ${fmt(accepted)} accepted in ${loadSeconds.toFixed(1)} s (${fmt(Math.round(accepted / loadSeconds))} decisions/s)`);

    // 2. Fairness report vs raw GROUP BY.
    console.log(`\nFairness report over ${fmt(opts.decisions)} decisions (attributes sex × race, ${opts.reportRuns} runs after one warm-up)…`);
    const request = {
      projectId,
      modelVersionId: version.id,
      attributes: ['sex', 'race'],
      positiveOutcome: 'approve',
      favorableOutcome: 'approve',
      positiveGroundTruth: 'repaid',
    };
    const reportMs = await timeRuns(opts.reportRuns, async () => {
      const r = await rpc.request(RPC.governanceFairnessReportGet, request);
      if (r.totals.n !== opts.decisions) throw new Error(`report covered ${r.totals.n} decisions`);
    });
    if (!opts.databaseUrl) console.log(`  loading the same ${fmt(opts.decisions)} rows into an in-process PGlite for the raw baseline (untimed)…`);
    const raw = opts.databaseUrl ? await serverBaseline(opts.databaseUrl) : await rawBaselineDatabase(opts.decisions, runId, version.id);
    let rawMs: number[];
    try {
      rawMs = await timeRuns(opts.reportRuns, async () => {
        const r = await raw.query(RAW_GROUP_COUNTS_SQL, [version.id, 'approve', 'repaid']);
        if (r.rows.length !== SEXES.length * RACES.length) throw new Error(`raw query returned ${r.rows.length} groups`);
      });
    } finally {
      await raw.close();
    }
    const reportMedian = median(reportMs);
    const rawMedian = median(rawMs);
    console.log(`  fairnessReport (RPC, SQL counts + metrics): median ${reportMedian.toFixed(0)} ms, min ${Math.min(...reportMs).toFixed(0)} ms  (aim ≤ 1000 ms)`);
    console.log(`  raw GROUP BY counts (${opts.databaseUrl ? 'pg, same table' : 'in-process PGlite'}): median ${rawMedian.toFixed(0)} ms, min ${Math.min(...rawMs).toFixed(0)} ms`);
    console.log(`  ratio report / raw: ${(reportMedian / rawMedian).toFixed(2)}`);

    // 3. Audit-trail appends through the AUDIT stream.
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, STREAMS.audit);
    const js = nc.jetstream();
    // The tree size, from the signed head of a proof of one of the bench project's entries.
    const treeSize = async (): Promise<number> => (await rpc.request(RPC.governanceAuditProofGet, { projectId, seq: anchorSeq })).treeHead.treeSize;
    const sizeBefore = await treeSize();
    const target = sizeBefore + opts.auditEntries;
    console.log(`\nAppending ${fmt(opts.auditEntries)} audit actions through the AUDIT stream (trail size before: ${fmt(sizeBefore)})…`);
    const tAppend = performance.now();
    const publishDone = (async () => {
      const inFlight = new Set<Promise<unknown>>();
      for (let i = 0; i < opts.auditEntries; i += 1) {
        const msg: AuditActionMessage = {
          v: 1,
          id: `${runId}-audit-${i}`,
          at: new Date().toISOString(),
          actor: 'service:bench',
          action: 'bench.action',
          subject: `bench:${i}`,
          payload: { projectId, i, note: 'benchmark action' },
        };
        const h = headers();
        h.set('Nats-Msg-Id', msg.id);
        const p = js.publish(SUBJECTS.auditActionRecorded, Buffer.from(JSON.stringify(msg)), { headers: h }).finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= 256) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      return (performance.now() - tAppend) / 1000;
    })();
    const publishSeconds = await publishDone;
    let size = sizeBefore;
    const deadline = performance.now() + 3_600_000;
    while (size < target) {
      if (performance.now() > deadline) throw new Error(`trail size stuck at ${size} (target ${target})`);
      await sleep(100);
      size = await treeSize();
    }
    const appendSeconds = (performance.now() - tAppend) / 1000;
    const appendsPerSecond = opts.auditEntries / appendSeconds;
    const rawAppend = rawMerkleAppends(Math.min(opts.auditEntries, 1_000_000));
    console.log(`  appended (published → in the trail): ${fmt(Math.round(appendsPerSecond))} entries/s over ${appendSeconds.toFixed(1)} s  (aim ≥ 5,000/s)`);
    console.log(`  of which publishing took ${publishSeconds.toFixed(1)} s (${fmt(Math.round(opts.auditEntries / publishSeconds))} msgs/s acknowledged by JetStream)`);
    console.log(`  raw in-memory Merkle appends (lib, leaf hash + append): ${fmt(Math.round(rawAppend))} entries/s; ratio ${(appendsPerSecond / rawAppend).toFixed(3)}`);

    // 4. Proofs at the resulting size.
    console.log(`\nInclusion proofs at tree size ${fmt(size)} (${opts.proofs} random entries, signed head included)…`);
    // The first proof after the appends also catches the service's in-memory tree up with the
    // table and signs a new head: reported on its own, not mixed into the steady-state figures.
    const tFirst = performance.now();
    await rpc.request(RPC.governanceAuditProofGet, { projectId, seq: anchorSeq });
    const firstProofMs = performance.now() - tFirst;
    console.log(`  first proof after the appends (tree catch-up + signing a new head): ${firstProofMs.toFixed(1)} ms`);
    const proofMs: number[] = [];
    for (let i = 0; i < opts.proofs; i += 1) {
      // Among the bench's own AUDIT actions (they carry its project), anywhere in the tree.
      const seq = sizeBefore + Math.floor(rand(i * 31 + 5) * (size - sizeBefore));
      const t = performance.now();
      const p = await rpc.request(RPC.governanceAuditProofGet, { projectId, seq });
      proofMs.push(performance.now() - t);
      if (p.inclusion.leafIndex !== seq) throw new Error(`proof for ${p.inclusion.leafIndex}, asked ${seq}`);
    }
    const sortedProof = Float64Array.from(proofMs).sort();
    const rawProof = rawProofTimes(size, opts.proofs);
    console.log(`  auditProof (RPC): median ${percentile(sortedProof, 50).toFixed(2)} ms, p99 ${percentile(sortedProof, 99).toFixed(2)} ms  (aim ≤ 5 ms)`);
    console.log(`  raw in-memory inclusion proof (lib, same size): median ${rawProof.median.toFixed(3)} ms, p99 ${rawProof.p99.toFixed(3)} ms`);

    console.log(
      `\n${JSON.stringify({
        bench: 'governance',
        machine: m,
        options: opts,
        load: { decisions: accepted, seconds: round(loadSeconds, 2), perSecond: Math.round(accepted / loadSeconds) },
        fairnessReport: { medianMs: round(reportMedian, 1), runsMs: reportMs.map((x) => round(x, 1)), rawGroupByMedianMs: round(rawMedian, 1), ratio: round(reportMedian / rawMedian, 2) },
        auditAppends: { entries: opts.auditEntries, perSecond: Math.round(appendsPerSecond), seconds: round(appendSeconds, 2), rawMerklePerSecond: Math.round(rawAppend) },
        proofs: { treeSize: size, firstMs: round(firstProofMs, 1), medianMs: round(percentile(sortedProof, 50), 3), p99Ms: round(percentile(sortedProof, 99), 3), rawMedianMs: round(rawProof.median, 4) },
      })}`,
    );
  } finally {
    await proxy.current?.close();
    await nc?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    await nats?.stop();
    dir.remove();
  }
}

interface RawDatabase {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

/** The service's own database on a PostgreSQL server: the raw query reads the very same table. */
async function serverBaseline(url: string): Promise<RawDatabase> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return { query: (text, values) => client.query(text, values), close: () => client.end() };
}

/** The decisions table as the governance migration creates it (DECISIONS_TABLE_DDL), with the same rows. */
async function rawBaselineDatabase(n: number, runId: string, versionId: string): Promise<RawDatabase> {
  const db = await PGlite.create();
  await db.exec(`CREATE TABLE decisions (
    decision_id text PRIMARY KEY, model_version_id uuid, subject_ref text, occurred_at timestamptz, purpose text,
    outcome text NOT NULL, score double precision, ground_truth text, attributes jsonb NOT NULL);
    CREATE INDEX decisions_model_version_occurred_at_idx ON decisions (model_version_id, occurred_at);`);
  for (let start = 0; start < n; start += DECISIONS_PER_CALL) {
    const rows = decisionChunk(start, Math.min(DECISIONS_PER_CALL, n - start), runId);
    await db.query(
      `INSERT INTO decisions SELECT d, $1::uuid, s, o::timestamptz, p, r, sc, g, a::jsonb
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[]) AS t(d, s, o, p, r, sc, g, a)`,
      [
        versionId,
        rows.map((x) => x.decisionId),
        rows.map((x) => x.subjectRef),
        rows.map((x) => x.occurredAt),
        rows.map((x) => x.purpose),
        rows.map((x) => x.outcome),
        rows.map((x) => x.score ?? null),
        rows.map((x) => x.groundTruth ?? null),
        rows.map((x) => JSON.stringify(x.attributes ?? {})),
      ],
    );
  }
  await db.exec('ANALYZE decisions');
  return db;
}

function rawMerkleAppends(n: number): number {
  const log = new MerkleLog();
  const t = performance.now();
  for (let i = 0; i < n; i += 1) log.append(hashLeaf(Buffer.from(`{"action":"bench.action","seq":${i}}`)));
  return n / ((performance.now() - t) / 1000);
}

function rawProofTimes(size: number, runs: number): { median: number; p99: number } {
  const log = new MerkleLog();
  for (let i = 0; i < size; i += 1) log.append(hashLeaf(Buffer.from(String(i))));
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const seq = Math.floor(rand(i * 31 + 5) * size);
    const t = performance.now();
    inclusionProof(log, seq, size);
    times.push(performance.now() - t);
  }
  const sorted = Float64Array.from(times).sort();
  return { median: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function timeRuns(runs: number, fn: () => Promise<void>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

function median(values: readonly number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}

async function retry<T>(what: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (performance.now() > deadline) throw new Error(`${what} timed out: ${(error as Error).message}`);
      await sleep(250);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
