import { Injectable } from '@nestjs/common';
import { DomainError, RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { BacklogProjectsRepository } from './backlog-projects.repository';

const KEY = /^[A-Z][A-Z0-9]{1,9}$/;

/**
 * A project's key (`SHOP` in `SHOP-42`). Ingest owns projects; a key never changes, so once read
 * it is kept for ever: in memory, and in `backlog_projects` across restarts. Only the first item
 * of a project (or its first track setting) asks ingest (`ingest.projects.get.v1`), with the
 * envelope of the request in hand; an unknown project is PROJECT_NOT_FOUND, as ingest says.
 */
@Injectable()
export class ProjectKeyReader {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly projects: BacklogProjectsRepository,
  ) {}

  /** The key, fetching and remembering it when the backlog does not know the project yet. Call outside a transaction. */
  async ensure(projectId: string): Promise<string> {
    const known = await this.known(projectId);
    if (known !== null) return known;
    const { project } = await this.rpc.request(RPC.ingestProjectsGet, { projectId });
    const key = project.key;
    // Ingest's answer crossed a wire: trust its shape no more than any other.
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new DomainError('INTERNAL', `Project ${projectId} has no valid key`);
    }
    await this.projects.remember(projectId, key);
    // Another request may have remembered it first: the stored key is the one.
    const stored = (await this.projects.keyOf(projectId)) ?? key;
    this.keys.set(projectId, stored);
    return stored;
  }

  /** The key when the backlog knows the project (it has items or settings), else null. Never asks ingest. */
  async known(projectId: string): Promise<string | null> {
    const cached = this.keys.get(projectId);
    if (cached !== undefined) return cached;
    const stored = await this.projects.keyOf(projectId);
    if (stored !== null) this.keys.set(projectId, stored);
    return stored;
  }
}
