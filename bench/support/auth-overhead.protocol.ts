/**
 * What bench/auth-overhead.bench.ts and its worker processes (support/auth-overhead.worker.ts) say
 * to each other over IPC, and the latency summary both use.
 */
import { percentile, round } from './machine';

/**
 * `baseline-async-context` is the baseline with the request envelope's AsyncLocalStorage entered
 * once at start-up: on Node 20 that turns on promise hooks for the whole process, as the production
 * gateway's per-request envelope does, without making any envelope per request.
 */
export type Variant = 'production' | 'baseline' | 'baseline-async-context';
export type Transport = 'inject' | 'http';

/** argv[2] of a worker, as JSON. */
export interface WorkerStart {
  variant: Variant;
  natsUrl: string;
  /** The worker's embedded PGlite goes in `<dataDir>/pg-<variant>`. */
  dataDir: string;
  adminToken: string;
  transport: Transport;
}

export type WorkerCommand =
  | { id: number; op: 'prepare'; payload: string; headers: Record<string, string> }
  | { id: number; op: 'run'; count: number; record: boolean }
  | { id: number; op: 'micro'; token: string; projectId: string; ops: number }
  /** Starts sampling this worker's main thread; the next one stops and writes the profile to `file`. */
  | { id: number; op: 'cpu-profile'; file: string }
  | { id: number; op: 'stop' };

/** Id 0 answers the start (`Ready`); every command gets the reply of its id. */
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface Ready {
  url: string;
  pid: number;
  /** SHA-256 of the printed GraphQL schema. */
  schemaHash: string;
  startupSeconds: number;
}

export interface Prepared {
  status: number;
  body: string;
  /** The `x-request-id` answered, if any (the HTTP edge envelope sets it). */
  requestId?: string;
  /** The answer to the same request without the Authorization header. */
  anonymousBody: string;
}

export interface Ran {
  /** Milliseconds per request, in order (empty unless recorded). */
  latenciesMs: number[];
  /** Production only: requests whose token was reloaded from the database (cache entry older than 500 ms). */
  credentialReloads: number;
}

export interface MicroFigures {
  /** Microseconds per call (median over batches of 1,000). */
  credentialCacheHitUs: number;
  authorizeUs: number;
  edgeEnvelopeUs: number;
  /** Per RPC, averaged over the RPCs of one request (the first encodes the envelope, the next reuse it). */
  rpcEnvelopeHeadersUs: number;
  rpcsPerRequest: number;
  /** One of each, and the RPC headers once per RPC of the query. */
  perRequestUs: number;
}

export interface LatencyStats {
  n: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export function latencyStats(values: ArrayLike<number>): LatencyStats {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    meanMs: round(sum / Math.max(1, sorted.length), 4),
    p50Ms: round(percentile(sorted, 50), 4),
    p90Ms: round(percentile(sorted, 90), 4),
    p99Ms: round(percentile(sorted, 99), 4),
    p999Ms: round(percentile(sorted, 99.9), 4),
    maxMs: round(sorted[sorted.length - 1] ?? 0, 4),
  };
}
