import { Inject, Injectable, Logger } from '@nestjs/common';
import { resolveAuthSettings } from '../config/auth.env';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';
import { ProjectMembershipsRepository } from '../people/project-memberships.repository';
import { ApiTokensRepository } from './api-tokens.repository';
import type { Principal } from './principal';
import { buildPrincipal } from './principal.factory';
import { type SessionLimits, type SessionTimes, isSessionExpired, touchedSessionTimes } from './session-expiry';
import { isSessionIdShape } from './session-cookie';
import { SessionsRepository } from './sessions.repository';
import { hashToken } from './token-hash';
import { TrustWindowCache } from '@fulcrum/persistence';
import { type RequestEnvelope, withEnvelopeSync } from '@fulcrum/messaging';

/** "Last used" of a token is written at most this often per token and replica. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

interface ResolvedSession {
  principal: Principal;
  csrfToken: string;
  /** Mutable: a touch through this replica moves them forward. */
  times: SessionTimes;
}

/**
 * Turns a credential into a principal: API tokens (scripts, SDKs) and session ids (browsers). Both
 * are 256 random bits, looked up by their SHA-256 (no KDF on this path). What the database says is
 * reused for 500 ms (`TrustWindowCache`, libs/persistence), which bounds how long a revoked token, a disabled user,
 * a removed membership or an ended session keeps working on any replica; the cached path is a hash,
 * a Map lookup and a clock read.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private readonly tokens: TrustWindowCache<Principal>;
  private readonly sessions: TrustWindowCache<ResolvedSession>;
  private readonly limits: SessionLimits;
  /** Token id → when this replica last wrote its "last used". */
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly tokenRows: ApiTokensRepository,
    private readonly sessionRows: SessionsRepository,
    private readonly memberships: ProjectMembershipsRepository,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    const settings = resolveAuthSettings(config);
    this.limits = { idleMs: settings.sessionIdleSeconds * 1000, absoluteMs: settings.sessionAbsoluteSeconds * 1000 };
    this.tokens = new TrustWindowCache((hash) => this.loadToken(hash));
    this.sessions = new TrustWindowCache((hash) => this.loadSession(hash));
  }

  /** `envelope`: the request's, named by the log line should recording the use fail. */
  async authenticateToken(token: string, envelope?: RequestEnvelope): Promise<Principal | undefined> {
    const principal = (await this.tokens.resolve(hashToken(token))) ?? undefined;
    if (principal?.credential.kind === 'token') this.noteUse(principal.credential.tokenId, envelope);
    return principal;
  }

  async authenticateSession(sessionId: string, envelope?: RequestEnvelope): Promise<{ principal: Principal; csrfToken: string } | undefined> {
    if (!isSessionIdShape(sessionId)) return undefined;
    const hash = hashToken(sessionId);
    const session = await this.sessions.resolve(hash);
    const now = Date.now();
    if (!session || isSessionExpired(session.times, now)) return undefined;
    const touched = touchedSessionTimes(session.times, now, this.limits);
    if (touched) {
      session.times = touched;
      this.sessionRows
        .touch(hash, touched)
        .catch((error: unknown) => withEnvelopeSync(envelope, () => this.logger.warn(`could not record session use: ${(error as Error).message}`)));
    }
    return { principal: session.principal, csrfToken: session.csrfToken };
  }

  /**
   * Forgets every resolved credential on this replica: called after a change made through it
   * (revocation, membership, user), so it applies here at once; other replicas take up to 500 ms.
   */
  forgetResolvedCredentials(): void {
    this.tokens.clear();
    this.sessions.clear();
  }

  private async loadToken(hash: string): Promise<Principal | null> {
    const found = await this.tokenRows.findActiveByHash(hash);
    if (!found) return null;
    const { token, user } = found;
    const memberships = await this.memberships.membershipsOf(user.id);
    return buildPrincipal(user, memberships, {
      kind: 'token',
      tokenId: token.id,
      narrowing: { projectId: token.projectId, roles: token.roles },
      expiresAt: token.expiresAt,
    });
  }

  private async loadSession(hash: string): Promise<ResolvedSession | null> {
    const session = await this.sessionRows.findWithUser(hash);
    if (!session || session.user.disabled) return null;
    const memberships = await this.memberships.membershipsOf(session.user.id);
    return {
      principal: buildPrincipal(session.user, memberships, { kind: 'session', sessionId: hash }),
      csrfToken: session.csrfToken,
      times: { createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, idleExpiresAt: session.idleExpiresAt, absoluteExpiresAt: session.absoluteExpiresAt },
    };
  }

  /** Best effort "last used": at most one write a minute per token and replica, never awaited. */
  private noteUse(tokenId: string, envelope: RequestEnvelope | undefined): void {
    const now = Date.now();
    const last = this.lastUsedWritten.get(tokenId);
    if (last !== undefined && now - last < LAST_USED_WRITE_INTERVAL_MS) return;
    if (this.lastUsedWritten.size >= 10_000) this.lastUsedWritten.clear();
    this.lastUsedWritten.set(tokenId, now);
    this.tokenRows
      .touchLastUsed(tokenId)
      .catch((error: unknown) => withEnvelopeSync(envelope, () => this.logger.warn(`could not record token use: ${(error as Error).message}`)));
  }
}
