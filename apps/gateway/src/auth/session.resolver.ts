import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
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

/**
 * Browser sessions: `login` sets the HttpOnly session cookie, `logout` ends the session and clears it.
 * A login refused by the login limits answers HTTP 429 with `Retry-After` (whole seconds, as
 * `details.retryAfterSeconds`), its body the usual coded RATE_LIMITED error, as every RATE_LIMITED
 * refusal does (graphql/rate-limited.status.ts).
 */
@Resolver()
export class SessionResolver {
  private readonly idleTimeoutSeconds: number;

  constructor(
    private readonly sessions: SessionService,
    private readonly cookies: SessionCookiePolicy,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.idleTimeoutSeconds = resolveAuthSettings(config).sessionIdleSeconds;
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
    const started = await this.sessions.login(email, password, request.ip);
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
