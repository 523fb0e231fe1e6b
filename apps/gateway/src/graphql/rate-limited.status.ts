import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { DomainError } from '@fulcrum/contracts';

/** The `Retry-After` seconds of the requests a RATE_LIMITED refusal answered. */
const retryAfterSeconds = new WeakMap<object, number>();

/**
 * Marks an HTTP request whose GraphQL operation was refused with RATE_LIMITED (a login, a password
 * change, anything the limits refuse): its answer becomes HTTP 429 with `Retry-After`, whole seconds,
 * as `details.retryAfterSeconds` (at least 1).
 */
export function markRateLimited(request: object, error: DomainError): void {
  const seconds = Number(error.details?.['retryAfterSeconds']);
  retryAfterSeconds.set(request, Number.isInteger(seconds) && seconds >= 1 ? seconds : 1);
}

/**
 * Sets 429 and `Retry-After` on a marked request's answer, its body the usual coded error. In an
 * `onSend` hook like the session cookie (session-cookie.hook.ts): an error's
 * `extensions.http.status` would not reach the response, since @nestjs/apollo sets the status of
 * every answer with a `data` key back to 200 (its plugin for `preserveHttpStatusForExecutionErrors`).
 */
@Injectable()
export class RateLimitedStatusHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // No HTTP server (the schema printer builds resolvers without one): nothing to hook.
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('onSend', async (request, reply, payload) => {
      const seconds = retryAfterSeconds.get(request);
      if (seconds !== undefined) void reply.code(429).header('retry-after', String(seconds));
      return payload;
    });
  }
}
