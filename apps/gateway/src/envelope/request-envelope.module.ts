import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { GraphqlOperationLog } from './graphql-operation.log';
import { RequestEnvelopeInterceptor } from './request-envelope.interceptor';

/** The request envelope in the gateway: resolvers run inside it, one log line per GraphQL operation. */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: RequestEnvelopeInterceptor }, GraphqlOperationLog] })
export class RequestEnvelopeModule {}
