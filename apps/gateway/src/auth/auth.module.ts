import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ProjectMembershipsRepository } from '../people/project-memberships.repository';
import { UsersRepository } from '../people/users.repository';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensResolver } from './api-tokens.resolver';
import { ApiTokensService } from './api-tokens.service';
import { AuthGuard } from './auth.guard';
import { AuthHousekeeping } from './auth.housekeeping';
import { AuthService } from './auth.service';
import { BootstrapAdminInitializer } from './bootstrap-admin.initializer';
import { LoginLimiter } from './login-limiter';
import { MeResolver } from './me.resolver';
import { SessionCookieHook } from './session-cookie.hook';
import { SessionCookiePolicy } from './session-cookie.policy';
import { SessionResolver } from './session.resolver';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';

export const AUTH_RESOLVERS = [SessionResolver, MeResolver, ApiTokensResolver];

/**
 * Credentials: sessions, API tokens, logins and their limits, and the global guard that applies the
 * authorization matrix. Global: the people module and project creation use its repositories and
 * `AuthService.forgetResolvedCredentials()`.
 */
@Global()
@Module({
  providers: [
    UsersRepository,
    ProjectMembershipsRepository,
    SessionsRepository,
    ApiTokensRepository,
    LoginLimiter,
    AuthService,
    SessionService,
    ApiTokensService,
    SessionCookiePolicy,
    SessionCookieHook,
    BootstrapAdminInitializer,
    AuthHousekeeping,
    ...AUTH_RESOLVERS,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersRepository, ProjectMembershipsRepository, SessionsRepository, AuthService, SessionService],
})
export class AuthModule {}
