import { Module } from '@nestjs/common';
import { GraphqlOperationLog } from './graphql-operation.log';

/**
 * The request envelope in the gateway. Every HTTP request runs inside the envelope the edge hook
 * gives it (`installHttpRequestEnvelope` in gateway.bootstrap.ts), and the auth guard writes the
 * authenticated caller into it (`setHttpRequestActor`), so resolvers and their RPCs need no
 * interceptor; this module adds one log line per GraphQL operation.
 */
@Module({ providers: [GraphqlOperationLog] })
export class RequestEnvelopeModule {}
