export { connectNats } from './nats/nats-connection.factory';
export type { NatsConnectionOptions } from './nats/nats-connection.factory';
export { ensureStream } from './nats/jetstream-setup';
export { AuditOutboxPublisher } from './nats/audit-outbox.publisher';
export type { AuditOutboxOptions, AuditOutboxSource } from './nats/audit-outbox.publisher';
export type { StreamSpec } from './nats/jetstream-setup';
export { DurablePullLoop, ensureDurableConsumer } from './nats/durable-pull.consumer';
export { applyIsolatingPoison } from './nats/poison-isolating.applier';
export type { PoisonIsolationOptions } from './nats/poison-isolating.applier';
export type { DurableConsumerSpec, PullLoopOptions } from './nats/durable-pull.consumer';
export { isBrokerUnavailable } from './nats/nats-error.classifier';
export { assertMatchesSchema } from './rpc/json-schema.validator';
export { RpcPayloadPipe } from './rpc/rpc-payload.pipe';
export { DomainRpcExceptionFilter, toRpcErrorPayload } from './rpc/rpc-exception.filter';
export { RpcClient } from './rpc/rpc.client';
export type { RpcClientOptions, RpcRequestOptions } from './rpc/rpc.client';
export { natsClientOptions, natsMicroserviceOptions } from './rpc/nats-microservice.options';
export { awaitMicroserviceSubscriptions } from './rpc/microservice-ready';
export {
  NATS_SERVER_MISSING,
  findNatsServerBinary,
  startNatsServer,
  stopChild,
  waitForNats,
  writeNatsConfig,
} from './server/nats-server.process';
export type { NatsServerOptions, RunningNatsServer } from './server/nats-server.process';
export { ConfigError, readOptionalString, readPort, readPositiveInt, readString, readUrl } from './config/env.reader';
export type { Env } from './config/env.reader';
export { runUntilSignalled } from './process/run-until-signalled';
export type { Closable } from './process/run-until-signalled';
export { HTTP_HARDENING_DEFAULTS, clientErrorHandler, connectionsCheckingIntervalMs, hardenHttpServer } from './http/http-hardening';
export type { HttpHardeningOptions } from './http/http-hardening';
export { ENVELOPE_HEADERS, currentEnvelope, envelopeAsyncContextEntered, requireEnvelope, runWithEnvelope, withEnvelopeSync } from './envelope/request-envelope';
export type { RequestEnvelope } from './envelope/request-envelope';
export {
  ENVELOPE_LIMITS,
  childTraceparent,
  isActorId,
  isProjectId,
  isRequestId,
  isTraceparent,
  newRequestId,
  newTraceparent,
  serviceActor,
  serviceEnvelope,
} from './envelope/envelope.format';
export { decodeActorName, encodeActorName, envelopeFromHeaders, envelopeHeaders, rpcEnvelopeHeaders } from './envelope/envelope.headers';
export type { EnvelopeHeaderSource } from './envelope/envelope.headers';
export { RequestEnvelopeInterceptor } from './envelope/envelope.interceptor';
export { RequestAwareLogger } from './envelope/request-aware.logger';
export {
  REQUEST_ID_HTTP_HEADER,
  TRACEPARENT_HTTP_HEADER,
  httpEdgeEnvelope,
  httpRequestEnvelope,
  installHttpRequestEnvelope,
  setHttpRequestActor,
  setHttpRequestEnvelope,
} from './envelope/http-request-envelope.hook';
