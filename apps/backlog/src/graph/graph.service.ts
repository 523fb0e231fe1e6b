import { setImmediate as yieldToWriters } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BACKLOG_LIMITS, type BacklogGraphReply, type BacklogGraphRequest, DomainError } from '@fulcrum/contracts';
import type { Track } from '../domain/backlog.vocabulary';
import { itemNotFound } from '../items/item-change.guard';
import { type DependencyViewPlan, VIEW_VOCABULARY, type ViewQuery, planDependencyView } from './dependency-view.planner';
import { type DisplayRows, GraphRepository } from './graph.repository';
import { ProjectGraphCache } from './project-graph.cache';
import { ProjectGraphState } from './project-graph.state';

/** Tries on the cached state before reading a fresh snapshot (a publish lagging its commit is caught up by then). */
const CACHED_ATTEMPTS = 3;

/**
 * The dependency view: a neighbourhood of items reached over links of every type (breadth first,
 * nearest first, up to the depth and node limit), and over it the analysis of ordering links.
 * Readiness and blocker counts are computed over the returned nodes plus ALL their ordering
 * ancestors, so a node is never shown ready because its blocker lies outside the view; the
 * critical path runs through returned nodes only.
 *
 * Everything but the display fields comes from the project's in-memory state (ProjectGraphCache);
 * the display rows come with the project's graph version from the same statement, and the answer
 * is used only when that version is the one the state was labelled with when it was computed.
 * Otherwise (a write committed meanwhile) it tries again, and then answers from one fresh snapshot.
 */
@Injectable()
export class GraphService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: GraphRepository,
    private readonly cache: ProjectGraphCache,
  ) {}

  async graph(request: BacklogGraphRequest): Promise<BacklogGraphReply> {
    const { projectId } = request;
    if ((request.roots === undefined) === (request.track === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'Name exactly one of roots and track.', { field: request.roots === undefined ? 'roots' : 'track' });
    }
    if (request.states !== undefined && request.track === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'states filters the items of a track: send it with track.', { field: 'states' });
    }
    const depth = request.depth ?? BACKLOG_LIMITS.graphDepth.default;
    const limit = request.limit ?? BACKLOG_LIMITS.graphNodes.default;
    const direction = request.direction ?? 'BOTH';
    const query = (starts: readonly string[]): ViewQuery => ({ starts, depth, limit, outgoing: direction !== 'UPSTREAM', incoming: direction !== 'DOWNSTREAM' });
    const roots = request.roots?.map((id) => id.toLowerCase());
    const starts = async (manager: EntityManager): Promise<{ version: number | null; ids: readonly string[] } | null> =>
      roots ? null : this.repository.trackItemIds(manager, projectId, request.track as Track, request.states, limit + 1);

    for (let attempt = 0; attempt < CACHED_ATTEMPTS; attempt++) {
      if (attempt > 0) await yieldToWriters();
      const snapshot = this.cache.peek(projectId);
      if (!snapshot) break;
      const tracked = await starts(this.dataSource.manager);
      const label = snapshot.version;
      if (tracked && tracked.version !== label) continue;
      const plan = planDependencyView(snapshot.state, query(roots ?? tracked?.ids ?? []));
      const display = await this.repository.display(this.dataSource.manager, projectId, shownNumbers(plan));
      if (display.version === label) return reply(plan, display);
    }
    return this.cache.withFreshState(
      projectId,
      starts,
      (snapshot, tracked) => planDependencyView(snapshot?.state ?? new ProjectGraphState(), query(roots ?? tracked?.ids ?? [])),
      async (manager, plan) => reply(plan, await this.repository.display(manager, projectId, shownNumbers(plan))),
    );
  }
}

/** The numbers of the items whose display rows the plan needs: its returned items. */
function shownNumbers(plan: DependencyViewPlan): number[] {
  return plan.items.numbers.slice(0, plan.nodes.count);
}

/**
 * The answer from a plan and display rows of the same version (the caller checked). A returned item
 * without its row cannot be at one version with the plan: that is a bug, not an answer.
 */
function reply(plan: DependencyViewPlan, display: DisplayRows): BacklogGraphReply {
  if (plan.missingStart !== null) throw itemNotFound(plan.missingStart);
  if (display.found !== plan.nodes.count) {
    throw new Error(`The dependency view found ${display.found} of its ${plan.nodes.count} items at the version it was planned at`);
  }
  const people: string[] = [];
  const person = new Map<string, number>();
  const ownerCounts = new Array<number>(plan.nodes.count);
  const owners: number[] = [];
  display.owners.forEach((ids, v) => {
    ownerCounts[v] = ids.length;
    for (const id of ids) {
      let index = person.get(id);
      if (index === undefined) {
        index = people.length;
        person.set(id, index);
        people.push(id);
      }
      owners.push(index);
    }
  });
  return {
    // A project the backlog does not know has no items to name.
    projectKey: display.projectKey ?? '',
    vocabulary: VIEW_VOCABULARY,
    items: plan.items,
    nodes: { ...plan.nodes, titles: display.titles, ownerCounts, owners },
    people,
    edges: plan.edges,
    criticalPath: plan.criticalPath,
    trackWaits: plan.trackWaits,
    truncated: plan.truncated,
  };
}
