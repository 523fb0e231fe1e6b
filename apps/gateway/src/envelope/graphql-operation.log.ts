import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type GqlRequestEndHookContext, ResolverDecoratorHost } from '@nestjs/graphql';

/**
 * One log line per GraphQL operation, `graphql <operationName|anonymous> <ms>ms <ok|codes>`, written
 * inside the request's envelope (so it names the request id), through the request lifecycle hooks
 * the Apollo driver offers (no Apollo plugin to register in the GraphQL module's options).
 */
@Injectable()
export class GraphqlOperationLog implements OnModuleInit {
  private readonly logger = new Logger('GraphQL');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    const host = this.moduleRef.get(ResolverDecoratorHost, { strict: false });
    host.setOnRequestStartHook(() => performance.now());
    host.setOnRequestEndHook((context) => this.logger.log(operationLine(context, performance.now())));
  }
}

export function operationLine(context: GqlRequestEndHookContext, now: number): string {
  const started = typeof context.state === 'number' ? context.state : now;
  const codes = [...new Set((context.errors ?? []).map((e) => String(e.extensions?.['domainCode'] ?? e.extensions?.['code'] ?? 'ERROR')))];
  return `graphql ${context.operationName || 'anonymous'} ${Math.round(now - started)}ms ${codes.length === 0 ? 'ok' : codes.join(',')}`;
}
