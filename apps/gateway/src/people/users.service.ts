import { Injectable } from '@nestjs/common';
import { DomainError } from '@fulcrum/contracts';
import { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/password-hash';
import type { Principal } from '../auth/principal';
import { SessionService } from '../auth/session.service';
import { SessionsRepository } from '../auth/sessions.repository';
import { generatePassword, validDisplayName, validEmail, validNewPassword } from './people-input.rules';
import { type UserRow, UsersRepository } from './users.repository';
import { validUuid } from './uuid-arg';

/**
 * Users: instance admins create, disable and promote them; every user changes their own password
 * and display name. Instance admins can never remove the last enabled instance admin (nor disable
 * themselves), so an installation cannot lock itself out.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly sessionService: SessionService,
    private readonly auth: AuthService,
  ) {}

  async create(input: { email: string; displayName: string; password?: string | null; instanceAdmin?: boolean | null }): Promise<{ user: UserRow; generatedPassword: string | null }> {
    const email = validEmail(input.email);
    const displayName = validDisplayName(input.displayName);
    const given = input.password === null || input.password === undefined ? undefined : validNewPassword(input.password);
    const password = given ?? generatePassword();
    const user = await this.users.insert({ email, displayName, passwordHash: await hashPassword(password), instanceAdmin: input.instanceAdmin ?? false });
    if (!user) throw new DomainError('CONFLICT', 'A user with this email exists.', { field: 'email' });
    return { user, generatedPassword: given === undefined ? password : null };
  }

  /** Disables a user: no login; their sessions end now and their tokens stop working within 1 s everywhere. */
  async disable(principal: Principal, userId: string): Promise<UserRow> {
    const id = validUuid(userId, 'userId');
    if (id === principal.userId) throw new DomainError('CONFLICT', 'You cannot disable yourself.', { field: 'userId' });
    await this.users.transaction(async (em) => {
      const target = await this.users.findById(id, em);
      if (!target) throw new DomainError('NOT_FOUND', `No user ${id}`, { userId: id });
      if (target.instanceAdmin && target.disabledAt === null && (await this.users.countOtherEnabledInstanceAdmins(id, em)) === 0) {
        throw new DomainError('CONFLICT', 'This is the last enabled instance admin.', { field: 'userId' });
      }
      await this.users.setDisabled(id, true, em);
      await this.sessions.deleteForUser(id, null, em);
    });
    this.auth.forgetResolvedCredentials();
    return this.found(id);
  }

  async enable(userId: string): Promise<UserRow> {
    const id = validUuid(userId, 'userId');
    await this.found(id);
    await this.users.setDisabled(id, false);
    this.auth.forgetResolvedCredentials();
    return this.found(id);
  }

  async setInstanceAdmin(userId: string, value: boolean): Promise<UserRow> {
    const id = validUuid(userId, 'userId');
    await this.users.transaction(async (em) => {
      const target = await this.users.findById(id, em);
      if (!target) throw new DomainError('NOT_FOUND', `No user ${id}`, { userId: id });
      if (!value && target.instanceAdmin && target.disabledAt === null && (await this.users.countOtherEnabledInstanceAdmins(id, em)) === 0) {
        throw new DomainError('CONFLICT', 'This is the last enabled instance admin.', { field: 'userId' });
      }
      await this.users.setInstanceAdmin(id, value, em);
    });
    this.auth.forgetResolvedCredentials();
    return this.found(id);
  }

  /**
   * Changes the caller's password after checking the current one (which counts against the login
   * limits like a login). Every other session of the user ends; API tokens keep working.
   */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string, address: string): Promise<void> {
    const password = validNewPassword(newPassword, 'newPassword');
    const user = await this.found(principal.userId);
    try {
      await this.sessionService.checkPassword(user.email, currentPassword, address);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
        throw new DomainError('FORBIDDEN', 'The current password is wrong.', { field: 'currentPassword' });
      }
      throw error;
    }
    await this.users.setPasswordHash(user.id, await hashPassword(password));
    const keep = principal.credential.kind === 'session' ? principal.credential.sessionId : null;
    await this.sessionService.endSessionsOf(user.id, keep);
  }

  async updateProfile(principal: Principal, displayName: string): Promise<UserRow> {
    await this.users.setDisplayName(principal.userId, validDisplayName(displayName));
    this.auth.forgetResolvedCredentials();
    return this.found(principal.userId);
  }

  async found(id: string): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw new DomainError('NOT_FOUND', `No user ${id}`, { userId: id });
    return user;
  }
}
