/**
 * The platform as the end-to-end benchmarks drive it: started from dist/ as `npm run up` does,
 * native requests sent with many in flight, and the catalog polled until analytics applied them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type NatsConnection, connect } from 'nats';
import { CONSUMERS, STREAMS } from '@fulcrum/contracts';
import { freePort } from '@fulcrum/testing';
import { type RunningPlatform, callGraphql, startPlatform } from '@fulcrum/launcher';

export interface SendOutcome {
  startedAt: number;
  lastAckAt: number;
  latenciesMs: Float64Array;
  accepted: number;
  failure?: string;
}

/**
 * Sends the pre-built bodies with `concurrency` requests in flight (global fetch = undici,
 * keep-alive). A request's latency runs from just before fetch() to its whole answer read.
 * The first failure stops every worker.
 */
export async function sendAll(
  url: string,
  writeKey: string,
  bodies: readonly Buffer[],
  sizes: readonly number[],
  concurrency: number,
  progress: { acked: number } = { acked: 0 },
): Promise<SendOutcome> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${writeKey}` };
  const latenciesMs = new Float64Array(bodies.length);
  let next = 0;
  let accepted = 0;
  let failure: string | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      const i = next++;
      if (i >= bodies.length) return;
      const t0 = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers, body: bodies[i] });
        const text = await res.text();
        latenciesMs[i] = performance.now() - t0;
        if (res.status !== 200) {
          failure ??= `request ${i}: HTTP ${res.status} ${text.slice(0, 2000)}`;
          return;
        }
        const n = (JSON.parse(text) as { accepted?: unknown }).accepted;
        if (n !== sizes[i]) {
          failure ??= `request ${i}: expected {"accepted": ${sizes[i]}}, got ${text.slice(0, 2000)}`;
          return;
        }
        accepted += n;
        progress.acked = accepted;
      } catch (error) {
        failure ??= `request ${i}: ${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`;
        return;
      }
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, () => worker()));
  return { startedAt, lastAckAt: performance.now(), latenciesMs, accepted, failure };
}

export interface Catalog {
  dataVersion: string;
  totalEvents: number;
}

export interface Platform {
  running: RunningPlatform;
  nc: NatsConnection;
  catalog(projectId: string): Promise<Catalog>;
  lastStreamSeq(): Promise<number>;
  consumerAckFloor(): Promise<number>;
}

export async function openPlatform(dataDir: string, cpuProfDir: string | undefined): Promise<Platform> {
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const running = await startPlatform({
    serviceEnv: {
      // Benchmarks measure throughput: the per-write-key rate limit (default 20,000 events/s) is lifted.
      FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '1000000000',
      ...(cpuProfDir && { NODE_OPTIONS: `--require=${join(__dirname, 'cpu-profile.preload.js')}`, FULCRUM_BENCH_CPU_PROF_DIR: cpuProfDir }),
    },
    // dist/bench/support → repository root (services run from <root>/dist/apps/...).
    rootDir: join(__dirname, '..', '..', '..'),
    dataDir,
    host: '127.0.0.1',
    natsPort: await freePort(),
    ingestPort: await freePort(),
    gatewayPort: await freePort(),
    quiet: true,
  });
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: running.natsUrl });
  } catch (error) {
    await running.stop();
    throw error;
  }
  const jsm = await nc.jetstreamManager();
  const { graphqlUrl, adminToken } = running.credentials;
  return {
    running,
    nc,
    async catalog(projectId) {
      const res = await callGraphql<{ eventCatalog: Catalog }>(graphqlUrl, adminToken, 'query($p: ID!) { eventCatalog(projectId: $p) { dataVersion totalEvents } }', {
        p: projectId,
      });
      if (!res.data?.eventCatalog) throw new Error(`eventCatalog failed: ${JSON.stringify(res.errors)}`);
      return res.data.eventCatalog;
    },
    async lastStreamSeq() {
      return (await jsm.streams.info(STREAMS.events.name)).state.last_seq;
    },
    async consumerAckFloor() {
      return (await jsm.consumers.info(STREAMS.events.name, CONSUMERS.analyticsEvents)).ack_floor.stream_seq;
    },
  };
}

export async function createProject(p: Platform, name: string): Promise<{ projectId: string; writeKey: string }> {
  const { graphqlUrl, adminToken } = p.running.credentials;
  const res = await callGraphql<{ createProject: { project: { id: string }; writeKey: string } }>(
    graphqlUrl,
    adminToken,
    'mutation($n: String!) { createProject(name: $n) { project { id } writeKey } }',
    { n: name },
  );
  const created = res.data?.createProject;
  if (!created) throw new Error(`createProject failed: ${JSON.stringify(res.errors)}`);
  return { projectId: created.project.id, writeKey: created.writeKey };
}

/**
 * Polls the catalog every `pollMs` until it holds `total` events at data version `version`;
 * returns the moment the satisfying answer arrived, the number of polls, and the first answer.
 */
export async function waitForCatalog(
  p: Platform,
  projectId: string,
  total: number,
  version: number,
  pollMs: number,
  timeoutMs: number,
): Promise<{ at: number; polls: number; pollMsMean: number; first: Catalog }> {
  const deadline = performance.now() + timeoutMs;
  let polls = 0;
  let pollMsSum = 0;
  let first: Catalog | undefined;
  for (;;) {
    const t0 = performance.now();
    const c = await p.catalog(projectId);
    const at = performance.now();
    polls += 1;
    pollMsSum += at - t0;
    first ??= c;
    if (c.totalEvents === total && c.dataVersion === String(version)) return { at, polls, pollMsMean: pollMsSum / polls, first };
    if (c.totalEvents > total) throw new Error(`catalog counts ${c.totalEvents} events, more than the ${total} sent`);
    if (performance.now() > deadline) throw new Error(`catalog did not reach ${total} events at data version ${version} in time (last: ${JSON.stringify(c)})`);
    await sleep(Math.max(0, pollMs - (performance.now() - t0)));
  }
}


function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
