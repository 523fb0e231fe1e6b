import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensResolver } from './api-tokens.resolver';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BootstrapAdminInitializer } from './bootstrap-admin.initializer';

@Module({
  providers: [
    ApiTokensRepository,
    AuthService,
    ApiTokensResolver,
    BootstrapAdminInitializer,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
