import { Injectable } from '@nestjs/common';
import {
  BACKLOG_LIMITS,
  type BacklogGraphNodeDto,
  type BacklogGraphReply,
  type BacklogGraphRequest,
  type BacklogTrackWaitDto,
  DomainError,
} from '@fulcrum/contracts';
import { TRACKS, type EstimateScale, type Track } from '../domain/backlog.vocabulary';
import { type DependencyNodeInput, analyseDependencies } from '../domain/dependency.analysis';
import { UNESTIMATED_WEIGHT, estimateWeight } from '../domain/estimate.scale';
import { isOpen } from '../domain/item-state.machine';
import { ordersWork } from '../domain/link-type.catalog';
import type { OrderingGraph } from '../domain/ordering.graph';
import { itemNotFound } from '../items/item-change.guard';
import { OrderingGraphCache } from '../links/ordering-graph.cache';
import { defaultEstimateScale } from '../tracks/default-estimate-scale';
import { TrackSettingsRepository } from '../tracks/track-settings.repository';
import { type GraphItemRow, GraphRepository } from './graph.repository';

/**
 * The dependency view: a neighbourhood of items reached over links of every type (breadth first,
 * nearest first, up to the depth and node limit), and over it the analysis of ordering links.
 * Readiness and blocker counts are computed over the returned nodes plus ALL their ordering
 * ancestors (from the in-memory ordering graph), so a node is never shown ready because its
 * blocker lies outside the view; the critical path runs through returned nodes only.
 */
@Injectable()
export class GraphService {
  constructor(
    private readonly repository: GraphRepository,
    private readonly graphs: OrderingGraphCache,
    private readonly tracks: TrackSettingsRepository,
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
    const starts = request.roots ? await this.checkedRoots(projectId, request.roots) : await this.repository.trackItemIds(projectId, request.track as Track, request.states, limit + 1);
    const { distance, truncated } = await this.neighbourhood(projectId, starts, depth, limit, direction !== 'UPSTREAM', direction !== 'DOWNSTREAM');
    const ids = [...distance.keys()];

    const ordering = await this.graphs.readGraph(projectId);
    const ancestors = ancestorClosure(ordering, ids);
    const rows = new Map((await this.repository.items(projectId, [...new Set([...ids, ...ancestors])])).map((r) => [r.id, r]));
    const weigh = await this.weigher(projectId);
    const input = (id: string): DependencyNodeInput | null => {
      const row = rows.get(id);
      return row ? { id, track: row.track, state: row.state, weight: weigh(row) } : null;
    };
    const closureNodes = [...rows.keys()].map(input).filter((n): n is DependencyNodeInput => n !== null);
    // The in-memory graph holds one edge per ordered pair whatever its type(s); any ordering type says so.
    const orderingEdges = (among: ReadonlySet<string>) =>
      [...among].flatMap((to) => [...ordering.predecessors(to)].filter((from) => among.has(from)).map((from) => ({ from, to, type: 'BLOCKS' as const })));
    const full = analyseDependencies(closureNodes, orderingEdges(new Set(rows.keys())));
    const shownIds = ids.filter((id) => rows.has(id));
    const shown = new Set(shownIds);
    const view = analyseDependencies(shownIds.map((id) => input(id) as DependencyNodeInput), orderingEdges(shown));

    const ref = (id: string) => ({ id, key: rows.get(id)?.key ?? id });
    const nodes: BacklogGraphNodeDto[] = shownIds.map((id) => {
      const row = rows.get(id) as GraphItemRow;
      const state = full.nodes.get(id);
      return {
        id,
        key: row.key,
        title: row.title,
        track: row.track,
        kind: row.kind,
        state: row.state,
        estimate: row.estimate,
        owners: row.owners,
        ready: state?.ready ?? true,
        directBlockers: (state?.directBlockers ?? []).map(ref),
        transitiveBlockerCount: state?.transitiveBlockerCount ?? 0,
        distance: distance.get(id) ?? 0,
      };
    });
    const edges = (await this.repository.linksBetween(projectId, shownIds)).map((l) => ({
      linkId: l.id,
      fromItemId: l.from_item_id,
      toItemId: l.to_item_id,
      type: l.type,
      ordersWork: ordersWork(l.type),
    }));
    return {
      nodes,
      edges,
      criticalPath: { items: view.criticalPath.map(ref), totalWeight: view.criticalPathWeight },
      trackWaits: trackWaits(nodes, rows),
      truncated,
    };
  }

  private async checkedRoots(projectId: string, roots: readonly string[]): Promise<string[]> {
    const found = new Set((await this.repository.items(projectId, roots)).map((r) => r.id));
    const missing = roots.find((id) => !found.has(id.toLowerCase()));
    if (missing !== undefined) throw itemNotFound(missing);
    return roots.map((id) => id.toLowerCase());
  }

  /** Breadth first over live links of every type; stops at `limit` nodes (nearest kept). */
  private async neighbourhood(projectId: string, starts: readonly string[], depth: number, limit: number, outgoing: boolean, incoming: boolean) {
    const distance = new Map<string, number>();
    let truncated = false;
    const admit = (id: string, d: number): boolean => {
      if (distance.has(id)) return false;
      if (distance.size >= limit) {
        truncated = true;
        return false;
      }
      distance.set(id, d);
      return true;
    };
    let frontier = starts.filter((id) => admit(id, 0));
    for (let d = 1; d <= depth && frontier.length > 0 && !truncated; d++) {
      const next: string[] = [];
      const inFrontier = new Set(frontier);
      for (const link of await this.repository.linksAround(projectId, frontier, outgoing, incoming)) {
        if (outgoing && inFrontier.has(link.from_item_id) && admit(link.to_item_id, d)) next.push(link.to_item_id);
        if (incoming && inFrontier.has(link.to_item_id) && admit(link.from_item_id, d)) next.push(link.from_item_id);
      }
      frontier = next;
    }
    return { distance, truncated };
  }

  /** Estimate → weight on each track's scale; an estimate the scale lacks (never stored) weighs as none. */
  private async weigher(projectId: string): Promise<(row: GraphItemRow) => number> {
    const stored = new Map((await this.tracks.list(projectId)).map((t) => [t.track, t.estimateScale]));
    const scales = new Map<Track, EstimateScale>(TRACKS.map((t) => [t, stored.get(t) ?? defaultEstimateScale(t)]));
    return (row) => {
      try {
        return estimateWeight(scales.get(row.track) as EstimateScale, row.estimate);
      } catch {
        return UNESTIMATED_WEIGHT;
      }
    };
  }
}

/** Every ordering ancestor of the given items (iteratively: chains may be long). */
function ancestorClosure(graph: OrderingGraph, ids: readonly string[]): Set<string> {
  const seen = new Set<string>(ids);
  const out = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const p of graph.predecessors(id)) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.add(p);
      stack.push(p);
    }
  }
  return out;
}

/** Per pair of tracks: returned open items with an open direct blocker (returned or not) on the other track. */
function trackWaits(nodes: readonly BacklogGraphNodeDto[], rows: ReadonlyMap<string, GraphItemRow>): BacklogTrackWaitDto[] {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    if (!isOpen(node.state)) continue;
    const on = new Set(node.directBlockers.map((b) => rows.get(b.id)?.track).filter((t): t is Track => t !== undefined && t !== node.track));
    for (const track of on) counts.set(`${node.track}:${track}`, (counts.get(`${node.track}:${track}`) ?? 0) + 1);
  }
  const waits: BacklogTrackWaitDto[] = [];
  for (const waitingTrack of TRACKS) {
    for (const onTrack of TRACKS) {
      const items = counts.get(`${waitingTrack}:${onTrack}`);
      if (items) waits.push({ waitingTrack, onTrack, items });
    }
  }
  return waits;
}
