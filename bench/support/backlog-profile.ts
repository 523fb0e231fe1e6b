/**
 * Where the backlog service spends its main-thread CPU during one kind of request, from a V8
 * `.cpuprofile` of an untimed extra pass (support/cpu-profile.preload.ts writes it on SIGUSR2).
 * The embedded PGlite runs on the service's main thread (WebAssembly), so its SQL work is in the
 * profile too; on a PostgreSQL server it is not (it shows as waiting). Self time per bucket, first
 * matching rule; idle time is left out. Sampling at 1 ms: estimates, not microseconds.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const RULES: ReadonlyArray<readonly [string, (f: CallFrame) => boolean]> = [
  ['PGlite: SQL engine (WebAssembly) and its socket server', (f) => f.url.startsWith('wasm://') || f.url.includes('@electric-sql/pglite')],
  ['pg driver (protocol, row parsing)', (f) => /node_modules\/(pg|pg-protocol|pg-types|postgres-array|pg-pool)\//.test(f.url)],
  ['TypeORM', (f) => f.url.includes('node_modules/typeorm/')],
  ['backlog service code (apps/backlog)', (f) => f.url.includes('/apps/backlog/')],
  ['request validation (ajv, libs/contracts)', (f) => f.url.includes('node_modules/ajv') || f.url.includes('/libs/contracts/')],
  ['NATS, Nest, rxjs, libs/messaging', (f) => /node_modules\/(nats|@nestjs|rxjs)\//.test(f.url) || f.url.includes('/libs/messaging/')],
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
];
const REST = 'the rest (Node internals, JSON, native code outside JS)';
export const PROFILE_BUCKETS = [...RULES.map(([name]) => name), REST];

/**
 * Milliseconds of main-thread CPU per bucket, divided by `per` (the requests profiled), plus the
 * total. Node internals and native frames (socket writes, fs calls of PGlite's file system) go to
 * the bucket of the nearest caller that names one; the profiler's own start is left out.
 */
export function serviceCpuBreakdown(file: string, per: number): { total: number; buckets: Record<string, number>; topServiceFunctions: Record<string, number> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const micros = new Map<number, number>();
  profile.samples.forEach((id, i) => micros.set(id, (micros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const buckets: Record<string, number> = Object.fromEntries(PROFILE_BUCKETS.map((b) => [b, 0]));
  const service = new Map<string, number>();
  let total = 0;
  for (const [id, us] of micros) {
    const bucket = bucketOf(id, byId, parent);
    if (bucket === undefined) continue;
    buckets[bucket] += us / 1000 / per;
    total += us / 1000 / per;
    const frame = byId.get(id)?.callFrame;
    if (frame && frame.url.includes('/apps/backlog/')) {
      const name = `${frame.functionName || '(anonymous)'} (${frame.url.split('/apps/backlog/src/')[1] ?? frame.url})`;
      service.set(name, (service.get(name) ?? 0) + us / 1000 / per);
    }
  }
  // The service's own functions with the most self time: which part of its code dominates.
  const topServiceFunctions = Object.fromEntries([...service].sort((a, b) => b[1] - a[1]).slice(0, 5));
  return { total, buckets, topServiceFunctions };
}

function bucketOf(id: number, byId: ReadonlyMap<number, ProfileNode>, parent: ReadonlyMap<number, number>): string | undefined {
  const frame = byId.get(id)?.callFrame;
  if (!frame || frame.functionName === '(idle)') return undefined;
  let bucket: string | undefined;
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at)?.callFrame;
    if (!f) break;
    if (f.functionName === 'startProfiler') return undefined;
    bucket ??= RULES.find(([, matches]) => matches(f))?.[0];
    // Only Node internals and native frames inherit their caller's bucket.
    if (bucket === undefined && f.url !== '' && !f.url.startsWith('node:')) bucket = REST;
  }
  return bucket ?? REST;
}
