import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type GqlRequestEndHookContext, ResolverDecoratorHost } from '@nestjs/graphql';
import { type RequestEnvelope, httpRequestEnvelope, withEnvelopeSync } from '@fulcrum/messaging';

/**
 * One log line per GraphQL operation, `graphql <operationName|anonymous> <ms>ms <ok|codes>`, naming
 * the request's envelope (so the request id), through the request lifecycle hooks
 * the Apollo driver offers (no Apollo plugin to register in the GraphQL module's options).
 */
@Injectable()
export class GraphqlOperationLog implements OnModuleInit {
  private readonly logger = new Logger('GraphQL');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    const host = this.moduleRef.get(ResolverDecoratorHost, { strict: false });
    host.setOnRequestStartHook(() => performance.now());
    host.setOnRequestEndHook((context) => {
      const line = operationLine(context, performance.now());
      // Named explicitly: the gateway keeps no envelope in async-local storage.
      withEnvelopeSync(httpRequestEnvelopeOf(context.context), () => this.logger.log(line));
    });
  }
}

export function operationLine(context: GqlRequestEndHookContext, now: number): string {
  const started = typeof context.state === 'number' ? context.state : now;
  const codes = [...new Set((context.errors ?? []).map((e) => String(e.extensions?.['domainCode'] ?? e.extensions?.['code'] ?? 'ERROR')))];
  return `graphql ${context.operationName || 'anonymous'} ${Math.round(now - started)}ms ${codes.length === 0 ? 'ok' : codes.join(',')}`;
}

function httpRequestEnvelopeOf(context: Record<string, unknown> | undefined): RequestEnvelope | undefined {
  const request = context?.['req'];
  return typeof request === 'object' && request !== null ? httpRequestEnvelope(request) : undefined;
}
