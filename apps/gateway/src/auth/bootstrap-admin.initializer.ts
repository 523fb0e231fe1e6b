import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';
import { AuthService } from './auth.service';
import { Role } from './role';

/** Makes the launcher's admin token (FULCRUM_BOOTSTRAP_ADMIN_TOKEN) exist, idempotently. */
@Injectable()
export class BootstrapAdminInitializer implements OnModuleInit {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly auth: AuthService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.bootstrapAdminToken) await this.auth.ensureToken(this.config.bootstrapAdminToken, 'bootstrap admin', Role.ADMIN);
  }
}
