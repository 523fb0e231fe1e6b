import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';
import { type UserRow, UsersRepository } from '../people/users.repository';
import { validDisplayName, validEmail } from '../people/people-input.rules';
import { ApiTokensRepository } from './api-tokens.repository';
import { hashPassword } from './password-hash';
import { hashToken, tokenPrefix } from './token-hash';

/** The launcher's admin when only a token is configured (tests, old launchers): no password. */
export const DEFAULT_BOOTSTRAP_ADMIN_EMAIL = 'admin@localhost';

/**
 * Makes the launcher's instance admin exist, idempotently, at every start (safe on several replicas
 * at once):
 * - FULCRUM_BOOTSTRAP_ADMIN_TOKEN: an unnarrowed API token with this value belongs to the admin.
 * - FULCRUM_BOOTSTRAP_ADMIN_EMAIL/_PASSWORD: the admin's email and password. The password is set
 *   only while the user has none, never overwritten (a changed password stays changed).
 * Which user is the admin: the owner of the bootstrap token if it exists, else the user with that
 * email, else a new instance admin. An owner without a password (the admin user the migration made
 * from an old installation's tokens) takes the configured email and password: that is how an old
 * installation's admin gets a login (docs/security.md).
 */
@Injectable()
export class BootstrapAdminInitializer implements OnModuleInit {
  private readonly logger = new Logger(BootstrapAdminInitializer.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly users: UsersRepository,
    private readonly tokens: ApiTokensRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const token = this.config.bootstrapAdminToken;
    const admin = this.config.bootstrapAdmin;
    if (!token && !admin) return;
    const email = validEmail(admin?.email ?? DEFAULT_BOOTSTRAP_ADMIN_EMAIL, 'FULCRUM_BOOTSTRAP_ADMIN_EMAIL');
    const tokenOwnerId = token ? await this.tokens.ownerOfHash(hashToken(token)) : undefined;
    let user = tokenOwnerId ? await this.users.findById(tokenOwnerId) : undefined;
    if (user && admin && user.passwordHash === null) await this.adopt(user, email, admin.password);
    user ??= await this.userByEmail(email, admin?.password);
    if (token && !tokenOwnerId) {
      await this.tokens.insertIfAbsent({ id: randomUUID(), userId: user.id, name: 'bootstrap admin', prefix: tokenPrefix(token), tokenHash: hashToken(token) });
    }
  }

  /** The user with this email, created as an instance admin (with the password, if any) when missing. */
  private async userByEmail(email: string, password: string | undefined): Promise<UserRow> {
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (password !== undefined && existing.passwordHash === null) await this.users.setPasswordHashIfUnset(existing.id, await hashPassword(password));
      return existing;
    }
    const created = await this.users.insert({
      email,
      displayName: validDisplayName('Admin'),
      passwordHash: password === undefined ? null : await hashPassword(password),
      instanceAdmin: true,
    });
    if (created) {
      this.logger.log(`created the instance admin ${email}`);
      return created;
    }
    // Another replica created it meanwhile.
    return (await this.users.findByEmail(email)) as UserRow;
  }

  /** The migrated admin (tokens but no password) takes the launcher's email and password. */
  private async adopt(user: UserRow, email: string, password: string): Promise<void> {
    if (user.email.toLowerCase() !== email.toLowerCase() && !(await this.users.setEmailIfFree(user.id, email))) {
      this.logger.warn(`the admin user keeps ${user.email}: ${email} belongs to another user`);
    }
    await this.users.setPasswordHashIfUnset(user.id, await hashPassword(password));
    this.logger.log(`the admin user ${user.id} can now log in as ${email}`);
  }
}
