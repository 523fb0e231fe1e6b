import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { resolveAuthSettings } from '../config/auth.env';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';

/**
 * Whether the session cookie carries `Secure`. `auto` (default): when the request came over HTTPS
 * as Fastify sees it (the gateway's own TLS; behind a TLS-terminating proxy the gateway sees
 * plain HTTP, so set FULCRUM_GATEWAY_SECURE_COOKIE=always there). `never` only for plain-HTTP
 * setups other than localhost, which browsers treat as secure anyway.
 */
@Injectable()
export class SessionCookiePolicy {
  private readonly mode: 'auto' | 'always' | 'never';

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.mode = resolveAuthSettings(config).secureCookie;
  }

  secure(request: FastifyRequest): boolean {
    if (this.mode === 'always') return true;
    if (this.mode === 'never') return false;
    return request.protocol === 'https';
  }
}
