import { Inject, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '@fulcrum/contracts';
import { resolveAuthSettings } from '../config/auth.env';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';
import { toUser } from '../people/user.model';
import type { AuthenticatedRequest } from './auth.guard';
import { CurrentPrincipal, GraphqlRequest } from './current-principal.decorator';
import { LoginResult } from './login.model';
import type { Principal } from './principal';
import { cookieMaxAgeSeconds } from './session-expiry';
import { clearedSessionCookie, formatSessionCookie } from './session-cookie';
import { SessionCookiePolicy } from './session-cookie.policy';
import { SessionService } from './session.service';

/** The `Retry-After` seconds of the requests whose login the login limits refused. */
const rateLimitedLogins = new WeakMap<object, number>();

/**
 * Browser sessions: `login` sets the HttpOnly session cookie, `logout` ends the session and clears it.
 * A login refused by the login limits answers HTTP 429 with `Retry-After` (whole seconds, as
 * `details.retryAfterSeconds`), its body the usual coded RATE_LIMITED error. The status is set in
 * an `onSend` hook like the session cookie (session-cookie.hook.ts): an error's
 * `extensions.http.status` would not reach the response, since @nestjs/apollo sets the status of
 * every answer with a `data` key back to 200 (its plugin for `preserveHttpStatusForExecutionErrors`).
 */
@Resolver()
export class SessionResolver implements OnModuleInit {
  private readonly idleTimeoutSeconds: number;

  constructor(
    private readonly sessions: SessionService,
    private readonly cookies: SessionCookiePolicy,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.idleTimeoutSeconds = resolveAuthSettings(config).sessionIdleSeconds;
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // No HTTP server (the schema printer builds resolvers without one): nothing to hook.
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('onSend', async (request, reply, payload) => {
      const retryAfterSeconds = rateLimitedLogins.get(request);
      if (retryAfterSeconds !== undefined) void reply.code(429).header('retry-after', String(retryAfterSeconds));
      return payload;
    });
  }

  @Mutation(() => LoginResult, {
    description:
      'Starts a browser session: sets the `fulcrum_session` cookie (HttpOnly, SameSite=Strict) and returns the anti-CSRF token to send as `x-fulcrum-csrf` with every mutation. Wrong credentials: UNAUTHENTICATED; too many failures for the email or the client address: RATE_LIMITED with `details.retryAfterSeconds`.',
  })
  async login(
    @Args('email') email: string,
    @Args('password') password: string,
    @GraphqlRequest() request: AuthenticatedRequest,
  ): Promise<LoginResult> {
    const started = await this.sessions.login(email, password, request.ip).catch((error: unknown) => {
      // Answered as HTTP 429 by the onSend hook; the error itself goes on as every other.
      if (error instanceof DomainError && error.code === 'RATE_LIMITED') rateLimitedLogins.set(request, retryAfterSecondsOf(error));
      throw error;
    });
    const now = Date.now();
    request.sessionCookieToSet = formatSessionCookie(started.sessionId, {
      maxAgeSeconds: cookieMaxAgeSeconds(started.times, now),
      secure: this.cookies.secure(request),
    });
    return {
      user: toUser(started.user),
      csrfToken: started.csrfToken,
      expiresAt: new Date(started.times.absoluteExpiresAt),
      idleTimeoutSeconds: this.idleTimeoutSeconds,
    };
  }

  @Mutation(() => Boolean, { description: 'Ends the current browser session and clears its cookie (false when called with an API token: nothing to end).' })
  async logout(@CurrentPrincipal() principal: Principal, @GraphqlRequest() request: AuthenticatedRequest): Promise<boolean> {
    const ended = await this.sessions.logout(principal);
    if (ended) request.sessionCookieToSet = clearedSessionCookie(this.cookies.secure(request));
    return ended;
  }
}

/** `details.retryAfterSeconds` of a RATE_LIMITED refusal (whole seconds, at least 1: login-limit.rules.ts). */
function retryAfterSecondsOf(error: DomainError): number {
  const seconds = Number(error.details?.['retryAfterSeconds']);
  return Number.isInteger(seconds) && seconds >= 1 ? seconds : 1;
}
