import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@fulcrum/contracts';
import { resolveAuthSettings } from '../config/auth.env';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../people/people-input.rules';
import { type UserRow, UsersRepository } from '../people/users.repository';
import { AuthService } from './auth.service';
import { LoginLimiter } from './login-limiter';
import { hashPassword, needsRehash, verifyPassword } from './password-hash';
import type { Principal } from './principal';
import { type SessionLimits, type SessionTimes, newSessionTimes } from './session-expiry';
import { SessionsRepository } from './sessions.repository';
import { hashToken, newSessionSecret } from './token-hash';

export interface StartedSession {
  /** The cookie value (never stored: the database keeps its hash). */
  sessionId: string;
  csrfToken: string;
  user: UserRow;
  times: SessionTimes;
}

const WRONG_CREDENTIALS = 'Wrong email or password.';

/**
 * Logins and logouts. A failed login says the same thing and takes the same time whether the
 * email is unknown, the password wrong, the user disabled or without a password: a password is
 * checked against a stand-in hash when there is no real one. Logins are limited per email and per
 * client address (login-limiter.ts).
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);
  private readonly limits: SessionLimits;
  private standInHash: Promise<string> | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly limiter: LoginLimiter,
    private readonly auth: AuthService,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    const settings = resolveAuthSettings(config);
    this.limits = { idleMs: settings.sessionIdleSeconds * 1000, absoluteMs: settings.sessionAbsoluteSeconds * 1000 };
  }

  async login(email: string, password: string, address: string): Promise<StartedSession> {
    if (email.length > MAX_EMAIL_LENGTH || Array.from(password).length > MAX_PASSWORD_LENGTH) {
      throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    const user = await this.checkPassword(email, password, address);
    const sessionId = newSessionSecret();
    const csrfToken = newSessionSecret();
    const times = newSessionTimes(Date.now(), this.limits);
    await this.sessions.insert({ idHash: hashToken(sessionId), userId: user.id, csrfToken, ...times });
    return { sessionId, csrfToken, user, times };
  }

  /**
   * The user behind `email` if `password` is theirs and they may log in; counts the attempt against
   * the login limits either way (also used to confirm the current password before changing it).
   */
  async checkPassword(email: string, password: string, address: string): Promise<UserRow> {
    const attempt = await this.limiter.begin(email, address);
    const user = await this.users.findByEmail(email.trim());
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.standIn()));
    if (!user || !user.passwordHash || !matches || user.disabledAt !== null) {
      await this.limiter.failed(attempt);
      throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    await this.limiter.succeeded(attempt);
    if (needsRehash(user.passwordHash)) {
      // Parameters were raised since this hash was made: upgrade it now that we know the password.
      await this.users.setPasswordHash(user.id, await hashPassword(password));
    }
    return user;
  }

  /** Ends the caller's session (true), or does nothing for an API token (false). */
  async logout(principal: Principal): Promise<boolean> {
    if (principal.credential.kind !== 'session') return false;
    await this.sessions.delete(principal.credential.sessionId);
    this.auth.forgetResolvedCredentials();
    return true;
  }

  /** Ends every session of a user but the caller's own (after a password change), or all of them. */
  async endSessionsOf(userId: string, exceptSessionHash: string | null = null): Promise<void> {
    await this.sessions.deleteForUser(userId, exceptSessionHash);
    this.auth.forgetResolvedCredentials();
  }

  private standIn(): Promise<string> {
    // Made once per process, lazily, so an unknown email costs one scrypt like a known one.
    this.standInHash ??= hashPassword(newSessionSecret()).catch((error: unknown) => {
      this.standInHash = undefined;
      this.logger.error(`could not make the stand-in hash: ${(error as Error).message}`);
      throw error;
    });
    return this.standInHash;
  }
}
