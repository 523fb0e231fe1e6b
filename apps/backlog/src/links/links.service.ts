import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToWriters } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type AddBacklogLinkRequest,
  type BacklogLinkChangeReply,
  DomainError,
  type ListBacklogLinksReply,
  type ListBacklogLinksRequest,
  type RemoveBacklogLinkRequest,
} from '@fulcrum/contracts';
import { requireEnvelope } from '@fulcrum/messaging';
import { BacklogAuditOutbox } from '../activity/backlog-audit.outbox';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder, activityRowValues } from '../activity/item-activity.recorder';
import type { LinkType } from '../domain/backlog.vocabulary';
import { assertLinkAllowed, ordersWork } from '../domain/link-type.catalog';
import { GraphChange, ProjectGraphCache } from '../graph/project-graph.cache';
import type { ItemFacts, ProjectGraphState } from '../graph/project-graph.state';
import { ItemChangeGuard, type LockedItem, itemNotFound, staleVersion } from '../items/item-change.guard';
import { itemKeyOf } from '../items/item.mapper';
import { ItemsRepository } from '../items/items.repository';
import { LinksRepository, toLinkDto } from './links.repository';
import { isUniqueViolation } from '../infrastructure/unique-violation';

/** Tries on the in-memory state before the locking path (a publish lagging its commit is caught up by then). */
const SNAPSHOT_ATTEMPTS = 3;

/**
 * Links between items of one project. A link changes its `from` item (version, activity). Every
 * link change claims the project's graph change (ProjectGraphCache: the project row's lock and
 * version bump), which serialises link changes per project: two additions that would each close
 * half of a cycle cannot both pass the check, because the second one checks the graph with the
 * first one's edge in it. Locks go project, then item, everywhere.
 *
 * An addition first judges the request on the project's in-memory state (target item, endpoint
 * rules, duplicate, cycle), labelled with graph version V, and then:
 * - accepted: ONE statement (LinksRepository.addAtGraphVersion) locks the project row and the
 *   `from` item and, only if the project is still at V and the item at `expectedVersion`, bumps
 *   both, inserts the link and its activity row. The cache gets the change after that commit.
 *   Otherwise nothing was written and the row says why: an absent item (ITEM_NOT_FOUND), another
 *   item version (CONFLICT, `details.currentVersion`), or another graph version: the state was
 *   not current, so it judges again.
 * - refused: one read (no lock, no transaction) confirms the project is still at V (else it judges
 *   again) and gives the item's version, so a stale `expectedVersion` is CONFLICT before any other
 *   refusal, as under the lock.
 * After a few tries (or with no state in memory yet) it runs the locking path: the claim first,
 * the checks on the state at the claimed version (loaded under the lock when the cache is not),
 * then the writes, in one transaction. The unique index on live (from, to, type) backs the
 * duplicate check up on both paths.
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
    private readonly dataSource: DataSource,
    private readonly outbox: BacklogAuditOutbox,
  ) {}

  async add(request: AddBacklogLinkRequest): Promise<BacklogLinkChangeReply> {
    const addition: Addition = {
      projectId: request.projectId,
      type: request.type,
      fromItemId: request.fromItemId.toLowerCase(),
      toItemId: request.toItemId.toLowerCase(),
      expectedVersion: request.expectedVersion,
      actor: requireEnvelope().actorId,
    };
    try {
      for (let attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
        if (attempt > 0) await yieldToWriters();
        const snapshot = this.cache.peek(addition.projectId);
        if (!snapshot?.state.projectKey) break;
        const reply = await this.addOnSnapshot(addition, snapshot.state, snapshot.version);
        if (reply) return reply;
      }
      return await this.addUnderLock(addition);
    } catch (error) {
      // Two additions of one (from, to, type) racing: the unique index decides.
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `A live ${addition.type} link between these items exists already.`, { type: addition.type, fromItemId: addition.fromItemId, toItemId: addition.toItemId });
      throw error;
    }
  }

  /** The addition judged on the state labelled `label`: its reply, a refusal thrown, or null when the state was not current. */
  private async addOnSnapshot(a: Addition, state: ProjectGraphState, label: number): Promise<BacklogLinkChangeReply | null> {
    const keyOf = (number: number) => itemKeyOf(state.projectKey as string, number);
    const from = state.item(a.fromItemId);
    let judged: { from: ItemFacts; to: ItemFacts } | null = null;
    let refusal: DomainError | null = null;
    try {
      if (!from) throw itemNotFound(a.fromItemId);
      judged = { from, to: judgeLink(state, keyOf, { ...from, key: keyOf(from.number) }, a.toItemId, a.type) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusal = error;
    }
    if (!judged) {
      const found = await this.links.standing(a.projectId, a.fromItemId);
      if (found?.graphVersion !== label) return null;
      if (found.item && found.item.version !== a.expectedVersion) throw staleVersion(a.fromItemId, itemKeyOf(found.projectKey, found.item.number), found.item.version, a.expectedVersion);
      throw refusal;
    }
    // Everything the change needs is read now: a publish may change the state while the statement runs.
    const { to } = judged;
    const fromKey = keyOf(judged.from.number);
    const toKey = keyOf(to.number);
    const createdAt = new Date();
    const linkId = randomUUID();
    const { added, found } = await this.links.addAtGraphVersion(this.dataSource.manager, {
      graphVersion: label,
      expectedVersion: a.expectedVersion,
      link: { id: linkId, projectId: a.projectId, fromItemId: a.fromItemId, toItemId: a.toItemId, type: a.type, createdAt, createdBy: a.actor },
      activity: activityRowValues({
        projectId: a.projectId,
        itemId: a.fromItemId,
        action: 'link.added',
        detail: { linkId, type: a.type, ordersWork: ordersWork(a.type), from: { id: a.fromItemId, key: fromKey }, to: { id: a.toItemId, key: toKey } },
      }),
    });
    if (added) {
      const change = new GraphChange(a.projectId, label);
      change.record((s) => s.addLink({ id: linkId, from: a.fromItemId, to: a.toItemId, type: a.type, createdAtMicros: createdAt.getTime() * 1000 }));
      this.cache.publish(change);
      this.outbox.notifyCommitted();
      return { link: toLinkDto(added.link), fromItemVersion: added.fromItemVersion };
    }
    if (!found?.item) throw itemNotFound(a.fromItemId);
    if (found.item.version !== a.expectedVersion) throw staleVersion(a.fromItemId, itemKeyOf(found.projectKey, found.item.number), found.item.version, a.expectedVersion);
    return null;
  }

  /** The locking path: claim the graph change, check on the state at the claimed version, write; one transaction. */
  private async addUnderLock(a: Addition): Promise<BacklogLinkChangeReply> {
    const { projectId, fromItemId, toItemId, type } = a;
    const { reply, change } = await this.tx.run(async (manager) => {
      const change = await this.cache.claim(manager, projectId);
      if (!change) throw itemNotFound(fromItemId);
      const state = await this.cache.stateFor(manager, change);
      const from = await this.guard.lock(manager, projectId, fromItemId, a.expectedVersion);
      const keyOf = projectKeyOf(from);
      const to = judgeLink(state, keyOf, from, toItemId, type);
      const createdAt = new Date();
      const { link, fromItemVersion } = await this.links.insert(manager, { id: randomUUID(), projectId, fromItemId, toItemId, type, createdAt, createdBy: a.actor });
      await this.activity.record(manager, {
        projectId,
        itemId: fromItemId,
        action: 'link.added',
        detail: { linkId: link.id, type, ordersWork: ordersWork(type), from: { id: fromItemId, key: from.key }, to: { id: toItemId, key: keyOf(to.number) } },
      });
      change.record((s) => s.addLink({ id: link.id, from: from.id, to: to.id, type, createdAtMicros: createdAt.getTime() * 1000 }));
      return { reply: { link: toLinkDto(link), fromItemVersion }, change };
    });
    this.cache.publish(change);
    return reply;
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

interface Addition {
  projectId: string;
  type: LinkType;
  fromItemId: string;
  toItemId: string;
  expectedVersion: number;
  actor: string;
}

/**
 * What the project's state decides about a new link from `from` (known to exist): the target
 * exists in the project, the type allows both ends, no live link of that type joins them yet, and
 * an ordering link closes no cycle. Answers the target, or throws the refusal.
 */
function judgeLink(
  state: ProjectGraphState,
  keyOf: (number: number) => string,
  from: Pick<ItemFacts, 'id' | 'track' | 'kind'> & { key: string },
  toItemId: string,
  type: LinkType,
): ItemFacts {
  const to = state.item(toItemId);
  if (!to) throw itemNotFound(toItemId);
  assertLinkAllowed(type, from, to);
  if (state.liveLink(from.id, toItemId, type)) throw duplicate(type, from.key, keyOf(to.number));
  const cycle = ordersWork(type) ? state.ordering.cycleIfAdded(from.id, toItemId) : null;
  if (cycle) {
    const path = cycle.map((id) => {
      const item = state.item(id);
      return item ? keyOf(item.number) : id;
    });
    throw new DomainError('LINK_CYCLE', `This ${type} link would close a cycle of ordering links: ${path.join(' → ')}.`, { type, cycle: path });
  }
  return to;
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
