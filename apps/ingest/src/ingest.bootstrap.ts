import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { QUEUE_GROUPS } from '@fulcrum/contracts';
import {
  HTTP_HARDENING_DEFAULTS,
  RequestAwareLogger,
  RequestEnvelopeInterceptor,
  awaitMicroserviceSubscriptions,
  hardenHttpServer,
  installHttpRequestEnvelope,
  natsMicroserviceOptions,
} from '@fulcrum/messaging';
import { resolveDatabase } from '@fulcrum/persistence';
import { AppModule } from './app.module';
import { NotFoundFilter } from './collector/not-found.filter';
import { acceptMalformedContentTypes } from './collector/content-type.hook';
import { registerRawBodyParser } from './collector/raw-body.parser';
import type { IngestConfig } from './config/ingest.env';

export interface RunningIngest {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Largest raw body the HTTP layer keeps in memory; past it the body is drained and answered with a
 * coded BODY_TOO_LARGE. The decoder applies the documented 500 KB limits.
 */
const HTTP_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** Starts the ingest service: its database, HTTP collector and NATS request/reply handlers. */
export async function bootstrapIngest(config: IngestConfig): Promise<RunningIngest> {
  const db = await resolveDatabase({ url: config.databaseUrl, embeddedDataDir: config.embeddedDatabaseDir });
  // Fastify's own body limit stays far above ours: the raw-body parser enforces ours with a coded error.
  const adapter = new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true }, bodyLimit: Number.MAX_SAFE_INTEGER });
  const fastify = adapter.getInstance();
  // A slow or endless request, or oversized headers, get a coded 408/431 and the socket is closed.
  hardenHttpServer(fastify, {
    requestTimeoutMs: config.httpRequestTimeoutMs ?? HTTP_HARDENING_DEFAULTS.requestTimeoutMs,
    headersTimeoutMs: config.httpHeadersTimeoutMs ?? HTTP_HARDENING_DEFAULTS.headersTimeoutMs,
  });
  // Every request gets a request id (x-request-id in and out) and a trace; its events carry them.
  installHttpRequestEnvelope(fastify, { actorId: 'service:ingest' });
  acceptMalformedContentTypes(fastify);
  registerRawBodyParser(fastify, HTTP_BODY_LIMIT_BYTES);
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db), adapter, {
      bodyParser: false,
      bufferLogs: false,
      logger: new RequestAwareLogger(),
    });
    app.enableCors({ origin: true });
    app.useGlobalFilters(new NotFoundFilter());
    // Inherited by the RPC side (inheritAppConfig); HTTP requests pass through it untouched.
    app.useGlobalInterceptors(new RequestEnvelopeInterceptor());
    app.connectMicroservice(natsMicroserviceOptions(config.natsUrl, QUEUE_GROUPS.ingest), { inheritAppConfig: true });
    await app.startAllMicroservices();
    await awaitMicroserviceSubscriptions(app.getMicroservices());
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
