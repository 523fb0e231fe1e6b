/**
 * Two compositions of the gateway, from the same build, for the auth-overhead benchmark:
 *
 * - **production**: `bootstrapGateway(config)` itself, exactly what `npm run up` runs;
 * - **baseline**: the same `AppModule.forRoot(config, db)` module graph (every resolver, the same
 *   schema, the same Fastify hooks, the same Apollo options and plugins, its own embedded database)
 *   with three things taken out, and nothing else:
 *   1. the global `AuthGuard` (APP_GUARD of `AuthModule`: credential lookup, the authorization
 *      matrix, and naming the caller in the request's envelope); every other provider of
 *      `AuthModule` stays; the per-operation log line of `RequestEnvelopeModule` stays too, so both
 *      write one line per request;
 *   2. the HTTP edge envelope (`installHttpRequestEnvelope`: request id, trace, `x-request-id`); the
 *      resolvers take the request's envelope as an argument (`@Envelope()`), so the baseline gives
 *      every request the same fixed envelope object instead (`setHttpRequestEnvelope`, one WeakMap
 *      set per request), which no RPC sends;
 *   3. the envelope headers on RPCs: `RpcClient` is replaced by `EnvelopeFreeRpcClient`, which sends
 *      the same payload over the same Nest NATS client without headers.
 *
 * The bench project may not import an app's source (Nx module boundaries), so the built gateway is
 * loaded from dist/ at run time, as the other benchmarks run `dist/apps/<service>/src/main.js`; the
 * shapes it relies on are declared below and checked when loaded. The baseline repeats the few lines
 * of Fastify set-up of `bootstrapGateway` (apps/gateway/src/gateway.bootstrap.ts) minus (2): compare
 * them when that file changes. The benchmark checks that every variant serves the same schema and
 * the same answer, so a drift in the module graph shows up as a failure.
 */
import { join } from 'node:path';
import { type DynamicModule, Global, Module, type Provider, type Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { ClientProxy } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { firstValueFrom, timeout } from 'rxjs';
import { DomainError, type RpcMap, type RpcReply, type RpcRequest, isDomainErrorPayload } from '@fulcrum/contracts';
import { HTTP_HARDENING_DEFAULTS, RequestAwareLogger, RpcClient, hardenHttpServer, serviceEnvelope, setHttpRequestEnvelope } from '@fulcrum/messaging';
import { type ResolvedDatabase, resolveDatabase } from '@fulcrum/persistence';

/** dist/bench/support → dist/apps/gateway/src. */
const GATEWAY_DIST = join(__dirname, '..', '..', 'apps', 'gateway', 'src');

/** The part of `GatewayConfig` (apps/gateway/src/config/gateway.env.ts) the benchmark sets. */
export interface GatewayConfigShape {
  natsUrl: string;
  host: string;
  port: number;
  embeddedDatabaseDir: string;
  bootstrapAdminToken?: string;
  bootstrapAdmin?: { email: string; password: string };
}

export interface RunningVariant {
  app: NestFastifyApplication;
  fastify: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** What a resolved principal offers (apps/gateway/src/auth/principal.ts), as far as the benchmark uses it. */
export interface PrincipalShape {
  userId: string;
  displayName: string;
}

/** The built gateway's exports the benchmark uses, by file. */
export interface BuiltGateway {
  bootstrapGateway(config: GatewayConfigShape): Promise<{ app: NestFastifyApplication; url: string; close(): Promise<void> }>;
  GATEWAY_BODY_LIMIT_BYTES: number;
  AppModule: { forRoot(config: GatewayConfigShape, db: ResolvedDatabase): DynamicModule };
  AuthModule: Type;
  RpcModule: Type;
  guardRequestBodies(fastify: FastifyInstance, options: { limitBytes: number }): void;
  limitQueryDocuments(fastify: FastifyInstance, options: { path: string }): void;
  redirectBrowsersToGraphiql(fastify: FastifyInstance): void;
  AuthService: Type<{ authenticateToken(token: string): Promise<PrincipalShape | undefined> }>;
  /** Counted (not changed) by the benchmark: a call is a credential cache miss reloading a token. */
  ApiTokensRepository: Type<{ findActiveByHash(tokenHash: string): Promise<unknown> }>;
  authorize(access: unknown, principal: PrincipalShape, args: Readonly<Record<string, unknown>>, field: string): void;
  accessOf(parentType: string, fieldName: string): unknown;
  GATEWAY_ACTOR: string;
}

const EXPORTS: Record<string, ReadonlyArray<keyof BuiltGateway>> = {
  'gateway.bootstrap': ['bootstrapGateway', 'GATEWAY_BODY_LIMIT_BYTES'],
  'app.module': ['AppModule'],
  'auth/auth.module': ['AuthModule'],
  'rpc/rpc.module': ['RpcModule'],
  'http/request-body.hook': ['guardRequestBodies'],
  'http/query-document.hook': ['limitQueryDocuments'],
  'graphiql/browser-redirect.hook': ['redirectBrowsersToGraphiql'],
  'auth/auth.service': ['AuthService'],
  'auth/api-tokens.repository': ['ApiTokensRepository'],
  'auth/auth.guard': ['authorize'],
  'auth/authorization.matrix': ['accessOf'],
  'envelope/gateway-actor': ['GATEWAY_ACTOR'],
};

/** Loads the gateway from dist/ (build first); fails naming the export when the gateway changed shape. */
export async function loadBuiltGateway(): Promise<BuiltGateway> {
  const built: Record<string, unknown> = {};
  for (const [file, names] of Object.entries(EXPORTS)) {
    const path = join(GATEWAY_DIST, `${file}.js`);
    const loaded = (await import(path)) as Record<string, unknown>;
    for (const name of names) {
      if (loaded[name] === undefined) throw new Error(`${path} exports no ${name}: bench/support/gateway-variants.ts is out of date with the gateway`);
      built[name] = loaded[name];
    }
  }
  return built as unknown as BuiltGateway;
}

/** The gateway exactly as `npm run up` starts it. */
export async function startProductionGateway(built: BuiltGateway, config: GatewayConfigShape): Promise<RunningVariant> {
  const running = await built.bootstrapGateway(config);
  // Nest's adapter types its instance with the fastify it bundles; the hooks and the benchmark use the workspace's.
  return { ...running, fastify: running.app.getHttpAdapter().getInstance() as unknown as FastifyInstance };
}

/** The same gateway without authentication, authorization and the request envelope (see the file's comment). */
export async function startBaselineGateway(built: BuiltGateway, config: GatewayConfigShape): Promise<RunningVariant> {
  const db = await resolveDatabase({ embeddedDataDir: config.embeddedDatabaseDir });
  const adapter = new FastifyAdapter();
  const fastify = adapter.getInstance<FastifyInstance>();
  // As bootstrapGateway, with one fixed envelope per request in place of installHttpRequestEnvelope.
  hardenHttpServer(fastify, { requestTimeoutMs: HTTP_HARDENING_DEFAULTS.requestTimeoutMs, headersTimeoutMs: HTTP_HARDENING_DEFAULTS.headersTimeoutMs });
  const fixed = serviceEnvelope('bench-baseline');
  fastify.addHook('onRequest', (request, _reply, done) => {
    setHttpRequestEnvelope(request, fixed);
    done();
  });
  built.guardRequestBodies(fastify, { limitBytes: built.GATEWAY_BODY_LIMIT_BYTES });
  built.limitQueryDocuments(fastify, { path: '/graphql' });
  built.redirectBrowsersToGraphiql(fastify);
  let app: NestFastifyApplication;
  try {
    const root = substituteImports(built.AppModule.forRoot(config, db), [
      [built.AuthModule, withoutProvider(built.AuthModule, APP_GUARD, 'AuthGuard')],
      [built.RpcModule, withEnvelopeFreeRpcClient(built.RpcModule)],
    ]);
    app = await NestFactory.create<NestFastifyApplication>(root, adapter, { bodyParser: false, logger: new RequestAwareLogger() });
    app.enableCors({ origin: true });
    await app.listen(config.port, config.host);
  } catch (error) {
    await db.stop();
    throw error;
  }
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    app,
    fastify,
    url: `http://${config.host}:${port}`,
    async close() {
      await app.close();
      await db.stop();
    },
  };
}

/**
 * `RpcClient.request` without the request envelope: the same payload through the same Nest NATS
 * client, the same timeout, no headers (so no envelope to read, validate, extend or encode).
 */
export class EnvelopeFreeRpcClient {
  constructor(
    private readonly proxy: ClientProxy,
    private readonly timeoutMs = 15_000,
  ) {}

  async request<S extends keyof RpcMap>(subject: S, payload: RpcRequest<S>, options: { timeoutMs?: number } = {}): Promise<RpcReply<S>> {
    try {
      return await firstValueFrom(this.proxy.send<RpcReply<S>, RpcRequest<S>>(subject, payload).pipe(timeout(options.timeoutMs ?? this.timeoutMs)));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (isDomainErrorPayload(error)) throw new DomainError(error.code, error.message, error.details);
      throw new DomainError('INTERNAL', `RPC ${subject} failed: ${(error as Error).message ?? String(error)}`);
    }
  }
}

/** The root module with some imported modules replaced; each must be found exactly once. */
function substituteImports(root: DynamicModule, replacements: ReadonlyArray<[Type, Type]>): DynamicModule {
  const imports = [...(root.imports ?? [])];
  for (const [original, replacement] of replacements) {
    const at = imports.findIndex((m) => m === original);
    if (at < 0) throw new Error(`AppModule.forRoot no longer imports ${original.name}: update bench/support/gateway-variants.ts`);
    imports[at] = replacement;
  }
  return { ...root, imports };
}

/**
 * A copy of a module (same imports, providers, controllers, exports, globality, constructor and
 * lifecycle hooks, through inheritance) whose providers went through `edit`.
 */
function derivedModule(original: Type, name: string, edit: (providers: Provider[]) => Provider[]): Type {
  const derived = class extends original {};
  Object.defineProperty(derived, 'name', { value: name });
  const metadata = (key: string): unknown[] => [...((Reflect.getMetadata(key, original) as unknown[] | undefined) ?? [])];
  Module({
    imports: metadata(MODULE_METADATA.IMPORTS) as DynamicModule[],
    controllers: metadata(MODULE_METADATA.CONTROLLERS) as Type[],
    exports: metadata(MODULE_METADATA.EXPORTS) as Provider[],
    providers: edit(metadata(MODULE_METADATA.PROVIDERS) as Provider[]),
  })(derived);
  if (Reflect.getMetadata('__module:global__', original) === true) Global()(derived);
  return derived;
}

/** The module without its one provider registered as `token` (APP_GUARD) using `className`. */
function withoutProvider(original: Type, token: string, className: string): Type {
  return derivedModule(original, `${original.name}Without${className}`, (providers) => {
    const kept = providers.filter((p) => !(typeof p === 'object' && 'provide' in p && p.provide === token));
    const removed = providers.filter((p) => !kept.includes(p));
    const names = removed.map((p) => ((p as { useClass?: Type }).useClass?.name ?? '?'));
    if (names.length !== 1 || names[0] !== className) {
      throw new Error(`${original.name}: expected one ${token} provider (${className}), found [${names.join(', ')}]: update bench/support/gateway-variants.ts`);
    }
    return kept;
  });
}

/** The RPC module with `RpcClient` made by the same factory inputs as an `EnvelopeFreeRpcClient`. */
function withEnvelopeFreeRpcClient(original: Type): Type {
  return derivedModule(original, `${original.name}WithoutEnvelope`, (providers) => {
    const at = providers.findIndex((p) => typeof p === 'object' && 'provide' in p && p.provide === RpcClient);
    const provider = providers[at] as { inject?: unknown[] } | undefined;
    if (!provider || provider.inject?.length !== 1) throw new Error(`${original.name} no longer provides RpcClient from one NATS client: update bench/support/gateway-variants.ts`);
    const replaced = [...providers];
    replaced[at] = { provide: RpcClient, inject: provider.inject as [symbol], useFactory: (proxy: ClientProxy) => new EnvelopeFreeRpcClient(proxy) };
    return replaced;
  });
}
