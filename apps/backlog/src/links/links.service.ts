import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type AddBacklogLinkRequest,
  type BacklogLinkChangeReply,
  DomainError,
  type ListBacklogLinksReply,
  type ListBacklogLinksRequest,
  type RemoveBacklogLinkRequest,
} from '@fulcrum/contracts';
import { requireEnvelope } from '@fulcrum/messaging';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { assertLinkAllowed, ordersWork } from '../domain/link-type.catalog';
import { ProjectGraphCache } from '../graph/project-graph.cache';
import { ItemChangeGuard, type LockedItem, itemNotFound } from '../items/item-change.guard';
import { itemKeyOf } from '../items/item.mapper';
import { ItemsRepository } from '../items/items.repository';
import { LinksRepository, toLinkDto } from './links.repository';
import { isUniqueViolation } from '../infrastructure/unique-violation';

/**
 * Links between items of one project. A link changes its `from` item (version, activity). Every
 * link change first claims the project's graph change (ProjectGraphCache: the project row's lock
 * and version bump), which serialises link changes per project: two additions that would each
 * close half of a cycle cannot both pass the check, because the second one checks the graph with
 * the first one's edge in it. The checks that need the project's links (target item, duplicate,
 * cycle) read the in-memory state at the version under that lock; the unique index on live
 * (from, to, type) backs the duplicate check up. Locks go project, then item, everywhere. So an
 * addition is four statements: the claim, the `from` item's lock and version check, the insert
 * with the item's bump, and the activity row.
 */
@Injectable()
export class LinksService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly links: LinksRepository,
    private readonly items: ItemsRepository,
    private readonly cache: ProjectGraphCache,
    private readonly guard: ItemChangeGuard,
    private readonly activity: ItemActivityRecorder,
  ) {}

  async add(request: AddBacklogLinkRequest): Promise<BacklogLinkChangeReply> {
    const { projectId, type } = request;
    const fromItemId = request.fromItemId.toLowerCase();
    const toItemId = request.toItemId.toLowerCase();
    const actor = requireEnvelope().actorId;
    const ordering = ordersWork(type);
    try {
      const { reply, change } = await this.tx.run(async (manager) => {
        const change = await this.cache.claim(manager, projectId);
        if (!change) throw itemNotFound(fromItemId);
        const state = await this.cache.stateFor(manager, change);
        const from = await this.guard.lock(manager, projectId, fromItemId, request.expectedVersion);
        const to = state.item(toItemId);
        if (!to) throw itemNotFound(toItemId);
        assertLinkAllowed(type, from, to);
        const keyOf = projectKeyOf(from);
        if (state.liveLink(fromItemId, toItemId, type)) throw duplicate(type, from.key, keyOf(to.number));
        const cycle = ordering ? state.ordering.cycleIfAdded(fromItemId, toItemId) : null;
        if (cycle) {
          const path = cycle.map((id) => {
            const item = state.item(id);
            return item ? keyOf(item.number) : id;
          });
          throw new DomainError('LINK_CYCLE', `This ${type} link would close a cycle of ordering links: ${path.join(' → ')}.`, { type, cycle: path });
        }
        const createdAt = new Date();
        const { link, fromItemVersion } = await this.links.insert(manager, { id: randomUUID(), projectId, fromItemId, toItemId, type, createdAt, createdBy: actor });
        await this.activity.record(manager, {
          projectId,
          itemId: fromItemId,
          action: 'link.added',
          detail: { linkId: link.id, type, ordersWork: ordering, from: { id: fromItemId, key: from.key }, to: { id: toItemId, key: keyOf(to.number) } },
        });
        change.record((s) => s.addLink({ id: link.id, from: from.id, to: to.id, type, createdAtMicros: createdAt.getTime() * 1000 }));
        return { reply: { link: toLinkDto(link), fromItemVersion }, change };
      });
      this.cache.publish(change);
      return reply;
    } catch (error) {
      // Two additions of one (from, to, type) racing: the unique index decides.
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `A live ${type} link between these items exists already.`, { type, fromItemId, toItemId });
      throw error;
    }
  }

  async remove(request: RemoveBacklogLinkRequest): Promise<BacklogLinkChangeReply> {
    const { projectId } = request;
    const linkId = request.linkId.toLowerCase();
    const actor = requireEnvelope().actorId;
    const { reply, change } = await this.tx.run(async (manager) => {
      const change = await this.cache.claim(manager, projectId);
      if (!change) throw linkNotFound(linkId);
      const state = await this.cache.stateFor(manager, change);
      const live = state.link(linkId);
      if (!live) throw linkNotFound(linkId);
      const from = await this.guard.lock(manager, projectId, live.from, request.expectedVersion);
      const removed = await this.links.markRemoved(manager, linkId, from.id, new Date(), actor);
      if (!removed) throw linkNotFound(linkId);
      const to = state.item(live.to);
      const toKey = to ? projectKeyOf(from)(to.number) : undefined;
      await this.activity.record(manager, {
        projectId,
        itemId: from.id,
        action: 'link.removed',
        detail: { linkId, type: live.type, ordersWork: ordersWork(live.type), from: { id: from.id, key: from.key }, to: { id: live.to, key: toKey } },
      });
      change.record((s) => s.removeLink(linkId));
      return { reply: { link: toLinkDto(removed.link), fromItemVersion: removed.fromItemVersion }, change };
    });
    this.cache.publish(change);
    return reply;
  }

  async list(request: ListBacklogLinksRequest): Promise<ListBacklogLinksReply> {
    const { projectId, itemId } = request;
    if (!(await this.items.byId(projectId, itemId))) throw itemNotFound(itemId);
    const includeRemoved = request.includeRemoved ?? false;
    const [outgoing, incoming] = await Promise.all([
      this.links.ofItem(projectId, itemId, 'OUTGOING', includeRemoved),
      this.links.ofItem(projectId, itemId, 'INCOMING', includeRemoved),
    ]);
    return { outgoing, incoming };
  }
}

/** Keys of the locked item's project: `<PROJECT-KEY>-<number>`. */
function projectKeyOf(item: LockedItem): (number: number) => string {
  const projectKey = item.key.slice(0, item.key.length - String(item.number).length - 1);
  return (number) => itemKeyOf(projectKey, number);
}

function duplicate(type: string, fromKey: string, toKey: string): DomainError {
  return new DomainError('CONFLICT', `${fromKey} already has a live ${type} link to ${toKey}.`, { type, from: fromKey, to: toKey });
}

function linkNotFound(linkId: string): DomainError {
  return new DomainError('NOT_FOUND', `No live link ${linkId} in this project.`, { linkId });
}
