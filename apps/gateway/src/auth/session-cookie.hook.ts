import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { AuthenticatedRequest } from './auth.guard';

/**
 * Sends the Set-Cookie a resolver or the guard left on the request (`sessionCookieToSet`). The
 * Apollo context of @nestjs/apollo on Fastify carries only the request (`{ req }`), not the reply,
 * so resolvers put the cookie there and this `onSend` hook writes it on every response, GraphQL or
 * not. Registered before Fastify starts listening, so it covers the GraphQL route.
 */
@Injectable()
export class SessionCookieHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // No HTTP server (the schema printer builds resolvers without one): nothing to hook.
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('onSend', async (request, reply, payload) => {
      const cookie = (request as AuthenticatedRequest).sessionCookieToSet;
      if (cookie !== undefined) void reply.header('set-cookie', cookie);
      return payload;
    });
  }
}
