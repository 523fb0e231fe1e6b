import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { HTTP_HARDENING_DEFAULTS, RequestAwareLogger, hardenHttpServer, installHttpRequestEnvelope } from '@fulcrum/messaging';
import { resolveDatabase } from '@fulcrum/persistence';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config/gateway.env';
import { GATEWAY_ACTOR } from './envelope/gateway-actor';
import { redirectBrowsersToGraphiql } from './graphiql/browser-redirect.hook';
import { limitQueryDocuments } from './http/query-document.hook';
import { guardRequestBodies } from './http/request-body.hook';

/**
 * Largest GraphQL request body accepted (6 MiB). recordDecisions takes up to 10,000 rows per call,
 * a few MiB of JSON (the CLI cuts its batches at 4 MiB); the limit stays below the 8 MiB NATS
 * max_payload the RPC to the governance service travels in.
 */
export const GATEWAY_BODY_LIMIT_BYTES = 6 * 1024 * 1024;

export interface RunningGateway {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts the gateway: its database (API tokens), GraphQL over HTTP, and the NATS client. */
export async function bootstrapGateway(config: GatewayConfig): Promise<RunningGateway> {
  const db = await resolveDatabase({ url: config.databaseUrl, embeddedDataDir: config.embeddedDatabaseDir });
  const adapter = new FastifyAdapter();
  // The instance as plain Fastify (the adapter's own generics name its raw request differently).
  const fastify = adapter.getInstance<FastifyInstance>();
  // Every refusal at the front door is answered in our coded shape, never as a 500 or Fastify's shape.
  hardenHttpServer(fastify, {
    requestTimeoutMs: config.httpRequestTimeoutMs ?? HTTP_HARDENING_DEFAULTS.requestTimeoutMs,
    headersTimeoutMs: config.httpHeadersTimeoutMs ?? HTTP_HARDENING_DEFAULTS.headersTimeoutMs,
  });
  // Every request gets a request id (x-request-id in and out) and a trace, first, so refusals carry them too.
  // No async context: resolvers hand each request's envelope to its RPCs (envelope/request-envelope.decorator.ts).
  installHttpRequestEnvelope(fastify, { actorId: GATEWAY_ACTOR, asyncContext: false });
  guardRequestBodies(fastify, { limitBytes: GATEWAY_BODY_LIMIT_BYTES });
  limitQueryDocuments(fastify, { path: '/graphql' });
  redirectBrowsersToGraphiql(fastify);
  let app: NestFastifyApplication;
  try {
    // bodyParser: false — guardRequestBodies owns the parsing (Nest's parsers would replace it).
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db), adapter, { bodyParser: false, logger: new RequestAwareLogger() });
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
    url: `http://${config.host}:${port}`,
    async close() {
      await app.close();
      await db.stop();
    },
  };
}
