/**
 * The long run of the ingest invariant ("a 2xx means the event is persisted and will be counted,
 * exactly once"): the same runner as test/system/ingest-invariant.system-spec.ts, with as many
 * requests as asked. It starts the whole platform from dist/ on free ports in a temp folder, sends
 * hostile and valid requests to every front door, reconciles the acknowledged ids with the ids
 * stored in DuckDB, and prints figures. It exits 1 when the invariant broke, 2 on a bad option.
 *
 *   npm run fuzz:ingest -- [--requests=100000] [--seed=N] [--concurrency=16] [--settle-timeout-s=S]
 *                          [--request-timeout-s=30] [--examples=20] [--keep-data]
 *   npm run fuzz:ingest -- --seed=N --show=I        prints request I of seed N (what would be sent), sends nothing
 *   npm run fuzz:ingest -- --dry-run [--requests=N] renders N requests and prints their mix, sends nothing
 *
 * What the figures mean: docs/performance.md, "Fuzzing the front doors".
 */
import { randomInt } from 'node:crypto';
import { freePort, makeTempDir } from '@fulcrum/testing';
import { startPlatform } from '@fulcrum/launcher';
// The long run and the system test share one generator and one runner, which live with the system
// tests; the system-tests project has no import alias, hence the relative path.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type RenderedRequest, renderRequest, requestSpecAt } from '../test/system/support/hostile-payload.arbitraries';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { describeRequest, formatReport, runIngestInvariant, runTagFor, targetFromPlatform } from '../test/system/support/ingest-invariant.runner';
import { machineInfo } from './support/machine';

interface Options {
  requests: number;
  seed: number;
  concurrency: number;
  settleTimeoutMs: number;
  requestTimeoutMs: number;
  examples: number;
  keepData: boolean;
  show?: number;
  dryRun: boolean;
}

const KNOWN = ['requests', 'seed', 'concurrency', 'settle-timeout-s', 'request-timeout-s', 'examples', 'keep-data', 'show', 'dry-run'];

function parseOptions(argv: readonly string[]): Options {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    if (!KNOWN.includes(m[1])) throw new Error(`unknown option --${m[1]} (known: ${KNOWN.map((k) => `--${k}`).join(' ')})`);
    args.set(m[1], m[2] ?? 'true');
  }
  const int = (name: string, fallback: number, min = 1): number => {
    const raw = args.get(name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${raw})`);
    return value;
  };
  const seedText = args.get('seed');
  const seed = seedText === undefined ? randomInt(0, 2 ** 31) : Number(seedText);
  if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31) throw new Error(`--seed must be a 32-bit integer (got ${seedText})`);
  const requests = int('requests', 100_000);
  return {
    requests,
    seed,
    concurrency: int('concurrency', 16),
    // analytics applied this mix at 200-500 events/s here (docs/performance.md): 20 ms per request, at least 10 min.
    settleTimeoutMs: int('settle-timeout-s', Math.max(600, Math.ceil(requests / 50))) * 1000,
    requestTimeoutMs: int('request-timeout-s', 30) * 1000,
    examples: int('examples', 20, 0),
    keepData: args.has('keep-data'),
    show: args.has('show') ? int('show', 0, 0) : undefined,
    dryRun: args.has('dry-run'),
  };
}

/** Offline: the request a seed and index produce, as it would be sent. */
function render(seed: number, index: number): RenderedRequest {
  const tag = runTagFor(seed);
  return renderRequest(requestSpecAt(seed, index), index, {
    writeKey: '<write key>',
    token: (request, slot, decoy) => `F${tag}-${request}-${slot}${decoy ? 'd' : ''}.`,
  });
}

function show(o: Options, index: number): void {
  const r = render(o.seed, index);
  console.log(describeRequest(r));
  console.log(`${r.method} ${r.path}`);
  for (const [k, v] of r.headers) console.log(`${k}: ${JSON.stringify(v).slice(1, -1)}`);
  console.log(`\n${r.body.toString('latin1')}`);
  console.log(`\nevents: ${r.events.map((e) => `${JSON.stringify(e.sentId ?? null)} [${e.tags.join(', ')}]`).join('; ')}`);
}

function dryRun(o: Options): void {
  const t0 = performance.now();
  const count = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  const expectations = new Map<string, number>();
  const doors = new Map<string, number>();
  const tags = new Map<string, number>();
  let events = 0;
  let bytes = 0;
  for (let i = 0; i < o.requests; i++) {
    const r = render(o.seed, i);
    count(expectations, r.expect);
    count(doors, `${r.door} ${r.method}`);
    for (const t of r.tags) count(tags, t);
    events += r.events.length;
    bytes += r.body.length;
  }
  const ms = performance.now() - t0;
  const sorted = (m: Map<string, number>): string => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`seed ${o.seed}: ${o.requests} requests rendered in ${(ms / 1000).toFixed(1)} s (${Math.round(o.requests / (ms / 1000))}/s), ${events} events, ${(bytes / 1024 ** 2).toFixed(1)} MiB`);
  console.log(`expectations: ${sorted(expectations)}`);
  console.log(`doors: ${sorted(doors)}`);
  console.log(`tags: ${sorted(tags)}`);
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (o.show !== undefined) {
    show(o, o.show);
    return 0;
  }
  if (o.dryRun) {
    dryRun(o);
    return 0;
  }
  const replay = `npm run fuzz:ingest -- --seed=${o.seed} --requests=${o.requests} --concurrency=${o.concurrency}`;
  console.log(`fuzzing the front doors: seed ${o.seed}, ${o.requests} requests, concurrency ${o.concurrency}`);
  console.log(`replay: ${replay}`);
  const dir = makeTempDir('fulcrum-fuzz-');
  const platform = await startPlatform({
    // dist/bench → repository root (services run from <root>/dist/apps/...).
    rootDir: `${__dirname}/../..`,
    dataDir: dir.path,
    host: '127.0.0.1',
    natsPort: await freePort(),
    ingestPort: await freePort(),
    gatewayPort: await freePort(),
    quiet: true,
  });
  let ok = false;
  try {
    const report = await runIngestInvariant(targetFromPlatform(platform, dir.path), {
      requests: o.requests,
      seed: o.seed,
      concurrency: o.concurrency,
      requestTimeoutMs: o.requestTimeoutMs,
      settleTimeoutMs: o.settleTimeoutMs,
      maxExamples: o.examples,
      progress: (line) => console.log(`  ${line}`),
    });
    ok = report.ok;
    console.log(formatReport(report, replay));
    const machine = machineInfo();
    console.log(`machine: ${machine.cpuModel}, ${machine.cpuCount} cores, ${machine.totalMemoryGiB} GiB, node ${machine.node}, ${machine.platform}`);
    const { examples: _examples, lostCauses, ...figures } = report;
    console.log(
      JSON.stringify({ bench: 'ingest-fuzz', ...figures, lostCauses: lostCauses.map(({ examples: _e, ...g }) => g), machine }),
    );
  } finally {
    await platform.stop();
    if (o.keepData || !ok) console.log(`data folder kept: ${dir.path} (logs in ${dir.path}/logs)`);
    else dir.remove();
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
