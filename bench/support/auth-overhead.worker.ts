/**
 * One gateway variant of `npm run bench:auth` in a process of its own (bench/auth-overhead.bench.ts
 * starts one per variant and drives them over IPC; support/auth-overhead.protocol.ts):
 * - its own process, because the request envelope enters AsyncLocalStorage, which on Node 20 turns
 *   on promise hooks for the whole process: a baseline sharing the process would pay that too;
 * - its stdout and stderr (the gateway's log, one line per GraphQL operation) go to a file, as under
 *   the launcher.
 * It sends the GraphQL request to its own gateway with `fastify.inject` (or over loopback HTTP),
 * one at a time, and times each; the production variant also times the pieces of the cached path.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { FastifyInstance } from 'fastify';
import { printSchema } from 'graphql';
import type { MsgHdrs } from 'nats';
import { type RequestEnvelope, httpEdgeEnvelope, rpcEnvelopeHeaders, runWithEnvelope, serviceEnvelope } from '@fulcrum/messaging';
import type { MicroFigures, Prepared, Ran, Ready, WorkerCommand, WorkerReply, WorkerStart } from './auth-overhead.protocol';
import { type Profiler, startProfiler } from './cpu-profile.preload';
import { type BuiltGateway, type RunningVariant, loadBuiltGateway, startBaselineGateway, startProductionGateway } from './gateway-variants';
import { round } from './machine';

/** RPCs the `eventCatalog` resolver makes per request: the project's existence (ingest), then the catalog (analytics). */
const RPCS_PER_REQUEST = 2;

/** Sends one GraphQL request; resolves with the status and the whole body. */
type Sender = () => Promise<{ status: number; body: string; requestId: string | undefined }>;

function injectSender(fastify: FastifyInstance, headers: Record<string, string>, payload: string): Sender {
  return async () => {
    const res = await fastify.inject({ method: 'POST', url: '/graphql', headers, payload });
    const requestId = res.headers['x-request-id'];
    return { status: res.statusCode, body: res.body, requestId: typeof requestId === 'string' ? requestId : undefined };
  };
}

function httpSender(url: string, headers: Record<string, string>, payload: string): Sender {
  // One kept-alive connection: sequential requests, no connection set-up in the figures.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const body = Buffer.from(payload);
  const allHeaders = { ...headers, 'content-length': String(body.length) };
  return () =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${url}/graphql`, { method: 'POST', agent, headers: allHeaders }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const requestId = res.headers['x-request-id'];
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), requestId: typeof requestId === 'string' ? requestId : undefined });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
}

/** Median of per-call microseconds over batches of 1,000 calls (an odd slow batch, a GC or a reload, does not move it). */
async function perCallUs(ops: number, call: () => unknown): Promise<number> {
  const batch = 1_000;
  const perBatch: number[] = [];
  let sink = 0;
  for (let done = 0; done < ops; done += batch) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i += 1) {
      const value = call();
      if (value instanceof Promise) sink += (await value) === undefined ? 0 : 1;
      else sink += value === undefined ? 0 : 1;
    }
    perBatch.push(((performance.now() - t0) * 1000) / batch);
  }
  if (sink < 0) throw new Error('unreachable');
  perBatch.sort((a, b) => a - b);
  return round(perBatch[Math.floor(perBatch.length / 2)] ?? 0, 3);
}

/** The pieces of the cached path, called as the gateway calls them, in this (production) process. */
async function measureMicro(built: BuiltGateway, gateway: RunningVariant, token: string, projectId: string, headers: Record<string, string>, ops: number): Promise<MicroFigures> {
  const auth = gateway.app.get(built.AuthService);
  const principal = await auth.authenticateToken(token);
  if (!principal) throw new Error('the benchmark token does not authenticate');
  const args = { projectId };
  const edge = httpEdgeEnvelope(headers, built.GATEWAY_ACTOR);
  // The edge envelope once the guard named the caller in it (setHttpRequestActor).
  const resolverEnvelope = { ...edge, actorId: `user:${principal.userId}`, actorName: principal.displayName };
  // What RpcClient.request does with the envelope for the RPCs of one request (libs/messaging/src/rpc/rpc.client.ts:
  // the first validates and encodes the envelope, the next reuse that), plus the header block's wire
  // encoding that nats.js does when it publishes. A fresh envelope object per request, as in production.
  const encodeHeaders = (envelope: RequestEnvelope): Uint8Array | undefined => (rpcEnvelopeHeaders(envelope, projectId) as MsgHdrs & { encode?: () => Uint8Array }).encode?.();
  if (!encodeHeaders(resolverEnvelope)) throw new Error('nats.js headers no longer expose encode(): update the benchmark');
  const rpcHeaders = (): number => {
    const envelope = { ...resolverEnvelope };
    let bytes = 0;
    for (let i = 0; i < RPCS_PER_REQUEST; i += 1) bytes += encodeHeaders(envelope)?.length ?? 0;
    return bytes;
  };
  const pieces: Array<[keyof MicroFigures, () => unknown]> = [
    ['credentialCacheHitUs', () => auth.authenticateToken(token)],
    [
      'authorizeUs',
      () => {
        // As the guard: the matrix row of the field, then the principal's roles in the project.
        built.authorize(built.accessOf('Query', 'eventCatalog'), principal, args, 'Query.eventCatalog');
        return true;
      },
    ],
    ['edgeEnvelopeUs', () => httpEdgeEnvelope(headers, built.GATEWAY_ACTOR)],
    ['rpcEnvelopeHeadersUs', rpcHeaders],
  ];
  const figures: Partial<MicroFigures> = {};
  for (const [name, call] of pieces) {
    await perCallUs(Math.min(ops, 20_000), call); // warm-up
    figures[name] = await perCallUs(ops, call);
  }
  const f = figures as MicroFigures;
  f.rpcEnvelopeHeadersUs = round(f.rpcEnvelopeHeadersUs / RPCS_PER_REQUEST, 3);
  const perRequestUs = f.credentialCacheHitUs + f.authorizeUs + f.edgeEnvelopeUs + RPCS_PER_REQUEST * f.rpcEnvelopeHeadersUs;
  return { ...f, rpcsPerRequest: RPCS_PER_REQUEST, perRequestUs: round(perRequestUs, 3) };
}

class VariantHost {
  private send?: Sender;
  private expected?: string;
  private headers: Record<string, string> = {};
  private credentialReloads = 0;
  private profiler?: Profiler;

  constructor(
    private readonly start: WorkerStart,
    private readonly built: BuiltGateway,
    private readonly gateway: RunningVariant,
  ) {}

  private sender(headers: Record<string, string>, payload: string): Sender {
    return this.start.transport === 'inject' ? injectSender(this.gateway.fastify, headers, payload) : httpSender(this.gateway.url, headers, payload);
  }

  async prepare(payload: string, headers: Record<string, string>): Promise<Prepared> {
    this.headers = headers;
    this.send = this.sender(headers, payload);
    const first = await this.send();
    const { authorization: _token, ...anonymous } = headers;
    const anonymousAnswer = await this.sender(anonymous, payload)();
    this.expected = first.body;
    if (this.start.variant === 'production') this.countCredentialReloads();
    return { status: first.status, body: first.body, requestId: first.requestId, anonymousBody: anonymousAnswer.body };
  }

  /** Counts (does not change) the production gateway's token loads from its database: each is a credential cache miss. */
  private countCredentialReloads(): void {
    const tokens = this.gateway.app.get(this.built.ApiTokensRepository);
    const findActiveByHash = tokens.findActiveByHash.bind(tokens);
    tokens.findActiveByHash = (hash: string) => {
      this.credentialReloads += 1;
      return findActiveByHash(hash);
    };
  }

  async run(count: number, record: boolean): Promise<Ran> {
    const send = this.send;
    if (!send) throw new Error('run before prepare');
    const latenciesMs: number[] = [];
    const reloadsBefore = this.credentialReloads;
    for (let i = 0; i < count; i += 1) {
      const t0 = performance.now();
      const res = await send();
      const ms = performance.now() - t0;
      if (res.status !== 200 || res.body !== this.expected) throw new Error(`${this.start.variant}: HTTP ${res.status} ${res.body.slice(0, 500)}`);
      if (record) latenciesMs.push(ms);
    }
    return { latenciesMs, credentialReloads: this.credentialReloads - reloadsBefore };
  }

  micro(token: string, projectId: string, ops: number): Promise<MicroFigures> {
    if (this.start.variant !== 'production') throw new Error('the pieces are timed in the production process');
    return measureMicro(this.built, this.gateway, token, projectId, this.headers, ops);
  }

  /** Starts the sampling profiler, or stops it and writes the profile (only the timed runs are profiled). */
  cpuProfile(file: string): string {
    if (!this.profiler) {
      this.profiler = startProfiler();
      return 'started';
    }
    this.profiler.stop(file);
    this.profiler = undefined;
    return file;
  }

  close(): Promise<void> {
    return this.gateway.close();
  }
}

/** Resolves once the reply is handed to the IPC channel (so a disconnect right after cannot drop it). */
function reply(message: WorkerReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

async function main(): Promise<void> {
  const start = JSON.parse(process.argv[2] ?? '{}') as WorkerStart;
  const t0 = performance.now();
  let host: VariantHost;
  try {
    const built = await loadBuiltGateway();
    const config = {
      natsUrl: start.natsUrl,
      host: '127.0.0.1',
      port: 0,
      embeddedDatabaseDir: join(start.dataDir, `pg-${start.variant}`),
      bootstrapAdminToken: start.adminToken,
      bootstrapAdmin: { email: 'admin@localhost', password: 'bench admin password, not a secret' },
    };
    const gateway = start.variant === 'production' ? await startProductionGateway(built, config) : await startBaselineGateway(built, config);
    // The envelope's AsyncLocalStorage, entered once: its hooks stay on for every later promise.
    if (start.variant === 'baseline-async-context') runWithEnvelope(serviceEnvelope('gateway'), () => undefined);
    host = new VariantHost(start, built, gateway);
    const schemaHash = createHash('sha256').update(printSchema(gateway.app.get(GraphQLSchemaHost).schema)).digest('hex');
    const ready: Ready = { url: gateway.url, pid: process.pid, schemaHash, startupSeconds: round((performance.now() - t0) / 1000, 1) };
    await reply({ id: 0, ok: true, value: ready });
  } catch (error) {
    await reply({ id: 0, ok: false, error: (error as Error).stack ?? String(error) });
    process.exit(1);
  }
  // One command at a time: the bench waits for each reply.
  process.on('message', (command: WorkerCommand) => {
    const handle = async (): Promise<unknown> => {
      switch (command.op) {
        case 'prepare':
          return host.prepare(command.payload, command.headers);
        case 'run':
          return host.run(command.count, command.record);
        case 'micro':
          return host.micro(command.token, command.projectId, command.ops);
        case 'cpu-profile':
          return host.cpuProfile(command.file);
        case 'stop':
          await host.close();
          return null;
      }
    };
    handle().then(
      async (value) => {
        await reply({ id: command.id, ok: true, value });
        if (command.op === 'stop') process.disconnect?.();
      },
      (error: unknown) => reply({ id: command.id, ok: false, error: (error as Error).stack ?? String(error) }),
    );
  });
  // The bench went away: nothing left to do.
  process.once('disconnect', () => setTimeout(() => process.exit(0), 100).unref());
}

void main();
