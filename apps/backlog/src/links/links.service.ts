import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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
import { ItemChangeGuard, itemNotFound } from '../items/item-change.guard';
import { itemKeyOf } from '../items/item.mapper';
import { ItemsRepository } from '../items/items.repository';
import { BacklogProjectsRepository } from '../projects/backlog-projects.repository';
import { LinksRepository, toLinkDto } from './links.repository';
import { ORDERING_LINK_TYPES, OrderingGraphCache } from './ordering-graph.cache';
import { isUniqueViolation } from '../infrastructure/unique-violation';

/**
 * Links between items of one project. A link changes its `from` item (version, activity).
 * Ordering links (BLOCKS, INSTRUMENTS) are added and removed under the project row's lock, which
 * serialises them: two additions that would each close half of a cycle cannot both pass the check,
 * because the second one checks the graph with the first one's edge in it. Locks go project, then
 * item, everywhere. Other links need no project lock: the unique index on live (from, to, type)
 * settles duplicates.
 */
@Injectable()
export class LinksService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly links: LinksRepository,
    private readonly items: ItemsRepository,
    private readonly projects: BacklogProjectsRepository,
    private readonly graphs: OrderingGraphCache,
    private readonly guard: ItemChangeGuard,
    private readonly activity: ItemActivityRecorder,
  ) {}

  async add(request: AddBacklogLinkRequest): Promise<BacklogLinkChangeReply> {
    const { projectId, fromItemId, toItemId, type } = request;
    const actor = requireEnvelope().actorId;
    const ordering = ordersWork(type);
    try {
      return await this.tx.run(async (manager) => {
        const graphVersion = ordering ? await this.projects.lockOrderingLinks(manager, projectId) : null;
        if (ordering && graphVersion === null) throw itemNotFound(fromItemId);
        const from = await this.guard.lock(manager, projectId, fromItemId, request.expectedVersion);
        const to = await this.items.byId(projectId, toItemId, manager);
        if (!to) throw itemNotFound(toItemId);
        assertLinkAllowed(type, from, to);
        const toKey = itemKeyOf(to.project_key, to.number);
        if (await this.links.liveExists(manager, fromItemId, toItemId, type)) throw duplicate(type, from.key, toKey);
        const graph = graphVersion === null ? null : await this.graphs.lockedGraph(manager, projectId, graphVersion);
        const cycle = graph?.cycleIfAdded(fromItemId, toItemId) ?? null;
        if (cycle) await this.refuseCycle(manager, projectId, type, cycle);
        const link = await this.links.insert(manager, { id: randomUUID(), projectId, fromItemId, toItemId, type, createdAt: new Date(), createdBy: actor });
        const fromItemVersion = await this.guard.bump(manager, fromItemId);
        await this.activity.record(manager, {
          projectId,
          itemId: fromItemId,
          action: 'link.added',
          detail: { linkId: link.id, type, ordersWork: ordering, from: { id: fromItemId, key: from.key }, to: { id: toItemId, key: toKey } },
        });
        if (graph) {
          const version = await this.projects.bumpOrderingLinks(manager, projectId);
          this.graphs.record(projectId, graph, version, (g) => g.addEdge(fromItemId, toItemId));
        }
        return { link: toLinkDto(link), fromItemVersion };
      });
    } catch (error) {
      // Two additions of one (from, to, type) racing: the unique index decides.
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `A live ${type} link between these items exists already.`, { type, fromItemId, toItemId });
      throw error;
    }
  }

  async remove(request: RemoveBacklogLinkRequest): Promise<BacklogLinkChangeReply> {
    const { projectId, linkId } = request;
    const actor = requireEnvelope().actorId;
    return this.tx.run(async (manager) => {
      // Type and ends never change: read unlocked to know which locks to take, in order.
      const seen = await this.links.byId(manager, projectId, linkId);
      if (!seen || seen.removed_at !== null) throw linkNotFound(linkId);
      const ordering = ordersWork(seen.type);
      const graphVersion = ordering ? await this.projects.lockOrderingLinks(manager, projectId) : null;
      const from = await this.guard.lock(manager, projectId, seen.from_item_id, request.expectedVersion);
      const live = await this.links.byId(manager, projectId, linkId, true);
      if (!live || live.removed_at !== null) throw linkNotFound(linkId);
      const removed = await this.links.markRemoved(manager, linkId, new Date(), actor);
      const fromItemVersion = await this.guard.bump(manager, from.id);
      const toKey = (await this.items.keysOf(manager, projectId, [live.to_item_id])).get(live.to_item_id);
      await this.activity.record(manager, {
        projectId,
        itemId: from.id,
        action: 'link.removed',
        detail: { linkId, type: live.type, ordersWork: ordering, from: { id: from.id, key: from.key }, to: { id: live.to_item_id, key: toKey } },
      });
      if (graphVersion !== null) {
        const graph = await this.graphs.lockedGraph(manager, projectId, graphVersion);
        // BLOCKS and INSTRUMENTS may order the same pair: the edge goes with the last of them.
        const stillOrdered = await this.links.otherOrderingLinkLive(manager, live.from_item_id, live.to_item_id, ORDERING_LINK_TYPES);
        const version = await this.projects.bumpOrderingLinks(manager, projectId);
        this.graphs.record(projectId, graph, version, (g) => {
          if (!stillOrdered) g.removeEdge(live.from_item_id, live.to_item_id);
        });
      }
      return { link: toLinkDto(removed), fromItemVersion };
    });
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

  /** LINK_CYCLE with the cycle as item keys, first = last: the new link, then the path back. */
  private async refuseCycle(manager: EntityManager, projectId: string, type: string, cycle: string[]): Promise<never> {
    const keys = await this.items.keysOf(manager, projectId, cycle);
    const path = cycle.map((id) => keys.get(id) ?? id);
    throw new DomainError('LINK_CYCLE', `This ${type} link would close a cycle of ordering links: ${path.join(' → ')}.`, { type, cycle: path });
  }
}

function duplicate(type: string, fromKey: string, toKey: string): DomainError {
  return new DomainError('CONFLICT', `${fromKey} already has a live ${type} link to ${toKey}.`, { type, from: fromKey, to: toKey });
}

function linkNotFound(linkId: string): DomainError {
  return new DomainError('NOT_FOUND', `No live link ${linkId} in this project.`, { linkId });
}
