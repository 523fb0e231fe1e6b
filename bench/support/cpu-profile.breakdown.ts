/**
 * Where a profiled process spent its main-thread CPU, in a few named buckets, from a V8
 * `.cpuprofile` (support/cpu-profile.preload.ts writes them). Each sample's time goes to the
 * bucket of the function it was in (self time), chosen by the first rule that matches that frame
 * or the frame that called it; idle time is left out. Sampling (1 ms) makes these estimates: read
 * the differences between two profiles of the same run, not single microseconds.
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

interface Rule {
  bucket: string;
  matches(frame: CallFrame, caller: CallFrame | undefined): boolean;
}

const native = (frame: CallFrame): boolean => frame.url === '';

/** In order: the first match names the bucket. */
const RULES: Rule[] = [
  {
    bucket: 'trace ids (crypto.randomBytes)',
    matches: (f, caller) =>
      ['randomBytes', 'randomFillSync', 'RandomBytesJob', 'randomHex', 'newTraceparent', 'childTraceparent'].includes(f.functionName) ||
      (native(f) && caller?.functionName === 'randomFillSync'),
  },
  {
    bucket: 'async context (AsyncLocalStorage, AsyncResource.bind)',
    matches: (f, caller) => f.url.includes('async_hooks') || (caller?.url.includes('async_hooks') ?? false),
  },
  {
    bucket: 'envelope and auth code (libs/messaging, gateway auth/ and envelope/)',
    matches: (f) => ['/libs/messaging/', '/apps/gateway/src/auth/', '/apps/gateway/src/envelope/'].some((part) => f.url.includes(part)),
  },
  { bucket: 'socket writes (NATS)', matches: (f, caller) => native(f) && caller?.functionName === 'handleWriteReq' },
  { bucket: 'log file writes', matches: (f, caller) => native(f) && caller?.functionName === 'writeSync' },
  { bucket: 'garbage collector', matches: (f) => f.functionName === '(garbage collector)' },
];
const REST = 'the rest (Nest, rxjs, Apollo, graphql-js, Fastify, nats.js, Node)';
export const BREAKDOWN_BUCKETS = [...RULES.map((r) => r.bucket), REST];

/** Microseconds of main-thread CPU per bucket, divided by `per` (e.g. the requests profiled). */
export function cpuBreakdown(file: string, per: number): Record<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const callerOf = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const child of n.children ?? []) callerOf.set(child, n);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const buckets: Record<string, number> = Object.fromEntries(BREAKDOWN_BUCKETS.map((b) => [b, 0]));
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const caller = callerOf.get(id)?.callFrame;
    const bucket = RULES.find((r) => r.matches(node.callFrame, caller))?.bucket ?? REST;
    buckets[bucket] += us;
  }
  return Object.fromEntries(Object.entries(buckets).map(([b, us]) => [b, Math.round((us / per) * 10) / 10]));
}
