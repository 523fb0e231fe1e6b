import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, type Page } from '@fulcrum/contracts';
import { sortRoles } from '../people/project-memberships.repository';
import { validUuid } from '../people/uuid-arg';
import { type ApiTokenRow, ApiTokensRepository } from './api-tokens.repository';
import { AuthService } from './auth.service';
import type { Principal, TokenNarrowing } from './principal';
import { isNarrowed } from './principal.factory';
import { ProjectRole } from './project-role';
import { hashToken, newApiToken, tokenPrefix } from './token-hash';

export const MAX_TOKEN_NAME_LENGTH = 200;

export interface CreateApiTokenCommand {
  name: string;
  projectId?: string | null;
  roles?: readonly ProjectRole[] | null;
  expiresAt?: Date | null;
}

/**
 * API tokens of users. A token gets at most its creator's rights *at creation* (checked here), and
 * at every use at most its user's rights *then* (principal.factory.ts): a later lost membership or
 * role narrows it. A token created through a narrowed token is narrowed at least as much, and
 * expires no later.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly auth: AuthService,
  ) {}

  async create(principal: Principal, command: CreateApiTokenCommand): Promise<{ row: ApiTokenRow; token: string }> {
    const name = command.name.trim();
    if (name.length === 0 || Array.from(name).length > MAX_TOKEN_NAME_LENGTH) {
      throw new DomainError('VALIDATION_FAILED', `name must be 1-${MAX_TOKEN_NAME_LENGTH} characters`, { field: 'name' });
    }
    const projectId = command.projectId === null || command.projectId === undefined ? null : validUuid(command.projectId, 'projectId');
    const narrowing = narrowingFor(principal, projectId, command.roles ?? null);
    const expiresAt = expiryFor(principal, command.expiresAt ?? null);
    const token = newApiToken();
    const row = await this.tokens.insert({
      id: randomUUID(),
      userId: principal.userId,
      name,
      prefix: tokenPrefix(token),
      tokenHash: hashToken(token),
      projectId: narrowing.projectId,
      roles: narrowing.roles,
      expiresAt,
    });
    return { row, token };
  }

  /** The caller's tokens, or (instance admins) another user's. */
  list(principal: Principal, userId: string | null | undefined, first: number, after: string | undefined): Promise<Page<ApiTokenRow>> {
    const owner = userId === null || userId === undefined ? principal.userId : validUuid(userId, 'userId');
    if (owner !== principal.userId && !principal.instanceAdmin) {
      throw new DomainError('FORBIDDEN', "Only instance admins may list another user's tokens.", { field: 'userId' });
    }
    return this.tokens.page(owner, first, after);
  }

  /** Revokes one of the caller's tokens (instance admins: anyone's). Idempotent. */
  async revoke(principal: Principal, tokenId: string): Promise<ApiTokenRow> {
    const found = await this.tokens.findById(validUuid(tokenId, 'tokenId'));
    // Someone else's token is answered like an unknown one.
    if (!found || (found.userId !== principal.userId && !principal.instanceAdmin)) {
      throw new DomainError('NOT_FOUND', `No API token ${tokenId}`, { tokenId });
    }
    const revoked = (await this.tokens.revoke(tokenId)) as ApiTokenRow;
    this.auth.forgetResolvedCredentials();
    return revoked;
  }
}

/**
 * The narrowing of a new token, within the creator's rights now:
 * - with a project: the creator must act in it; each role must be one they may use there;
 * - without: each role must be one they may use in some project (instance admins: any role); a
 *   creator acting through a narrowed token must name a project (the new token would otherwise
 *   reach further than theirs);
 * - a creator acting through a narrowed token passes on its roles when none are asked for.
 */
export function narrowingFor(principal: Principal, projectId: string | null, roles: readonly ProjectRole[] | null): TokenNarrowing {
  const callerNarrowed = principal.credential.kind === 'token' && isNarrowed(principal.credential.narrowing);
  const wanted = roles === null ? null : sortRoles([...new Set(roles)]);
  if (wanted !== null && wanted.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'roles must name at least one role (leave it out for all of them)', { field: 'roles' });
  }
  if (projectId === null) {
    if (callerNarrowed) {
      throw new DomainError('FORBIDDEN', 'A token created with a narrowed token must be narrowed to one of its projects (projectId).', { field: 'projectId' });
    }
    // Instance admins may grant themselves any role in any project, so any role is within their rights.
    for (const role of principal.instanceAdmin ? [] : (wanted ?? [])) {
      const usable = [...principal.memberProjectIds()].some((id) => mayUse(principal.rolesIn(id), role));
      if (!usable) throw new DomainError('FORBIDDEN', `You hold the role ${role} in no project.`, { field: 'roles', role });
    }
    return { projectId: null, roles: wanted };
  }
  const held = principal.rolesIn(projectId);
  if (held.size === 0) throw new DomainError('PROJECT_NOT_FOUND', `No project ${projectId}`, { projectId });
  for (const role of wanted ?? []) {
    if (!mayUse(held, role)) throw new DomainError('FORBIDDEN', `You do not hold the role ${role} in this project.`, { field: 'roles', role, projectId });
  }
  return { projectId, roles: wanted ?? (callerNarrowed ? sortRoles([...held]) : null) };
}

/** A project ADMIN may narrow a token to any role (every role's rights are a subset of ADMIN's). */
function mayUse(held: ReadonlySet<ProjectRole>, role: ProjectRole): boolean {
  return held.has(role) || held.has(ProjectRole.ADMIN);
}

function expiryFor(principal: Principal, expiresAt: Date | null): Date | null {
  if (expiresAt !== null && expiresAt.getTime() <= Date.now()) {
    throw new DomainError('VALIDATION_FAILED', 'expiresAt must be in the future', { field: 'expiresAt' });
  }
  const callerExpiry = principal.credential.kind === 'token' ? (principal.credential.expiresAt ?? null) : null;
  if (callerExpiry === null) return expiresAt;
  if (expiresAt === null) return callerExpiry;
  if (expiresAt.getTime() > callerExpiry.getTime()) {
    throw new DomainError('VALIDATION_FAILED', 'expiresAt must not be later than the expiry of the token used to create it', { field: 'expiresAt' });
  }
  return expiresAt;
}
