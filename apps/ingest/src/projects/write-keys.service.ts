import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type CreateWriteKeyReply,
  DomainError,
  type ListWriteKeysReply,
  type ListWriteKeysRequest,
  WRITE_KEY_LIMITS,
  type WriteKeyDto,
  decodeCursor,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { ProjectsRepository } from './projects.repository';
import { WriteKeyAuthenticator } from './write-key.authenticator';
import { issueWriteKey } from './write-key.secret';
import { type WriteKeyListPosition, type WriteKeyRecord, WriteKeysRepository } from './write-keys.repository';

/** Cursor kind of the write key list (cursors of other lists are refused). */
const CURSOR_KIND = 'write-keys';
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Managing a project's write keys (called by the gateway over NATS). */
@Injectable()
export class WriteKeysService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly writeKeys: WriteKeysRepository,
    private readonly authenticator: WriteKeyAuthenticator,
  ) {}

  /** A new active key; the key itself is in this answer only. */
  async create(projectId: string, name: string): Promise<CreateWriteKeyReply> {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new DomainError('VALIDATION_FAILED', 'name must not be blank', { field: 'name' });
    await this.assertProject(projectId);
    const issued = issueWriteKey();
    const saved = await this.writeKeys.insert({ id: randomUUID(), projectId, name: trimmed, issued });
    return { writeKey: toDto(saved), key: issued.key };
  }

  /** The project's keys, revoked ones included, ordered by (creation time, id). */
  async list(request: ListWriteKeysRequest): Promise<ListWriteKeysReply> {
    const first = request.first ?? WRITE_KEY_LIMITS.defaultPageSize;
    const after = request.after === undefined ? undefined : positionOf(request.after);
    await this.assertProject(request.projectId);
    const [rows, totalCount] = await Promise.all([
      this.writeKeys.page(request.projectId, first + 1, after),
      this.writeKeys.countInProject(request.projectId),
    ]);
    const page = pageOf(rows, first, totalCount, (row) => encodeCursor(CURSOR_KIND, [row.position.createdAt, row.position.id]));
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toDto(edge.node.writeKey) })) };
  }

  /**
   * Revokes a key of the project: from then on it authenticates nothing, on this replica at once
   * and on every other within 1 s. Idempotent: a revoked key is answered as it is. A key that is
   * not the project's is NOT_FOUND, whether it exists in another project or not at all.
   */
  async revoke(projectId: string, writeKeyId: string): Promise<WriteKeyDto> {
    await this.writeKeys.revoke(projectId, writeKeyId);
    const key = await this.writeKeys.findInProject(projectId, writeKeyId);
    if (!key) throw new DomainError('NOT_FOUND', `No write key ${writeKeyId} in project ${projectId}`, { projectId, writeKeyId });
    this.authenticator.forget(writeKeyId);
    return toDto(key);
  }

  private async assertProject(projectId: string): Promise<void> {
    if (!(await this.projects.findById(projectId))) throw new DomainError('PROJECT_NOT_FOUND', `No project ${projectId}`, { projectId });
  }
}

function positionOf(cursor: string): WriteKeyListPosition {
  const [createdAt, id] = decodeCursor(CURSOR_KIND, cursor, 2);
  if (typeof createdAt !== 'string' || !CURSOR_INSTANT.test(createdAt) || Number.isNaN(Date.parse(createdAt)) || typeof id !== 'string' || !UUID.test(id)) {
    throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
  }
  return { createdAt, id };
}

function toDto(k: WriteKeyRecord): WriteKeyDto {
  return {
    id: k.id,
    projectId: k.projectId,
    name: k.name,
    prefix: k.keyPrefix,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}
