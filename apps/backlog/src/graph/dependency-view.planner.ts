import { TRACKS, type ItemState, type Track } from '../domain/backlog.vocabulary';
import { type DependencyEdgeInput, type DependencyNodeInput, type NodeDependencyState, analyseDependencies } from '../domain/dependency.analysis';
import { type ItemBits, sizeOf } from '../domain/item-set.bitset';
import { isOpen } from '../domain/item-state.machine';
import type { IndexedLink, LiveLink, ProjectGraphState } from './project-graph.state';

export interface ViewQuery {
  starts: readonly string[];
  depth: number;
  limit: number;
  outgoing: boolean;
  incoming: boolean;
}

/** The dependency view computed from a project's state, self-contained (it keeps no reference into the live state). */
export interface DependencyViewPlan {
  /** Returned items, nearest first. */
  ids: string[];
  distance: Map<string, number>;
  truncated: boolean;
  /** A start the project does not have (the caller refuses it once the state is known to be current). */
  missingStart: string | null;
  /** Readiness and blockers over ALL ordering ancestors, returned or not. */
  nodeStates: Map<string, NodeDependencyState>;
  criticalPath: string[];
  criticalPathWeight: number;
  /** Live links of every type between returned items, oldest first (created, then id: the state's `seq`). */
  edges: Array<Pick<LiveLink, 'id' | 'from' | 'to' | 'type'>>;
  /** Number and track of every returned item and every direct blocker (for keys and track waits). */
  refs: Map<string, { number: number; track: Track; state: ItemState }>;
  trackWaits: Array<{ waitingTrack: Track; onTrack: Track; items: number }>;
}

/**
 * The dependency view in memory: breadth first over live links of every type (nearest first, up to
 * the depth and the node limit); readiness, direct blockers and open-ancestor counts over the
 * returned items plus ALL their ordering ancestors (a blocker outside the view still blocks); and
 * `analyseDependencies` over the returned items alone for the critical path. The walks run over
 * item positions and typed arrays (see ProjectGraphState); the ancestor counts are the analysis's
 * bit-set dynamic programme, over positions.
 */
export function planDependencyView(state: ProjectGraphState, query: ViewQuery): DependencyViewPlan {
  let missingStart: string | null = null;
  const starts: number[] = [];
  for (const id of query.starts) {
    const at = state.positionOf(id);
    if (at === undefined) missingStart ??= id;
    else starts.push(at);
  }
  const { hops, shown, truncated } = neighbourhood(state, missingStart === null ? starts : [], query);

  // Local numbering: returned items first (0 … shown.length - 1), then their ordering ancestors.
  const local = new Int32Array(state.itemCount).fill(-1);
  const closure: number[] = [];
  for (const at of shown) {
    local[at] = closure.length;
    closure.push(at);
  }
  for (let i = 0; i < closure.length; i++) {
    for (const p of state.orderingPredecessorsAt(closure[i])) {
      if (local[p] !== -1) continue;
      local[p] = closure.length;
      closure.push(p);
    }
  }
  const pred = closure.map((at) => state.orderingPredecessorsAt(at).map((p) => local[p]));
  const open = closure.map((at) => state.isOpenAt(at));
  const counts = openAncestorCounts(open, pred, shown.length);

  const ids = shown.map((at) => state.at(at).id);
  const distance = new Map<string, number>();
  const nodeStates = new Map<string, NodeDependencyState>();
  const refs = new Map<string, { number: number; track: Track; state: ItemState }>();
  const ref = (at: number) => {
    const item = state.at(at);
    if (!refs.has(item.id)) refs.set(item.id, { number: item.number, track: item.track, state: item.state });
  };
  shown.forEach((at, v) => {
    const id = ids[v];
    distance.set(id, hops[at]);
    ref(at);
    const blockers = new Set<number>();
    for (const p of state.orderingPredecessorsAt(at)) if (open[local[p]]) blockers.add(p);
    for (const b of blockers) ref(b);
    const directBlockers = [...blockers].map((b) => state.at(b).id).sort();
    nodeStates.set(id, { id, ready: directBlockers.length === 0, directBlockers, transitiveBlockerCount: counts[v] });
  });

  const viewNodes: DependencyNodeInput[] = [];
  const viewEdges: DependencyEdgeInput[] = [];
  shown.forEach((at, v) => {
    const item = state.at(at);
    viewNodes.push({ id: item.id, track: item.track, state: item.state, weight: state.weightOf(item) });
    for (const p of pred[v]) if (p < shown.length) viewEdges.push({ from: ids[p], to: item.id, type: 'BLOCKS' });
  });
  const view = analyseDependencies(viewNodes, viewEdges);

  const edges: IndexedLink[] = [];
  for (const at of shown) for (const link of state.outgoingAt(at)) if (hops[link.toIx] !== -1) edges.push(link);
  // Creation order (the state numbers links as created, loading them ORDER BY created_at, id).
  edges.sort((a, b) => a.seq - b.seq);

  return {
    ids,
    distance,
    truncated,
    missingStart,
    nodeStates,
    criticalPath: view.criticalPath,
    criticalPathWeight: view.criticalPathWeight,
    edges: edges.map((l) => ({ id: l.id, from: l.from, to: l.to, type: l.type })),
    refs,
    trackWaits: trackWaits(ids, nodeStates, refs),
  };
}

/** Breadth first from the start positions; `hops` is -1 for items not returned. */
function neighbourhood(state: ProjectGraphState, starts: readonly number[], query: ViewQuery) {
  const hops = new Int32Array(state.itemCount).fill(-1);
  const shown: number[] = [];
  let truncated = false;
  const admit = (at: number, d: number): boolean => {
    if (hops[at] !== -1) return false;
    if (shown.length >= query.limit) {
      truncated = true;
      return false;
    }
    hops[at] = d;
    shown.push(at);
    return true;
  };
  let frontier = starts.filter((at) => admit(at, 0));
  for (let d = 1; d <= query.depth && frontier.length > 0 && !truncated; d++) {
    const next: number[] = [];
    for (const at of frontier) {
      if (query.outgoing) for (const link of state.outgoingAt(at)) if (admit(link.toIx, d)) next.push(link.toIx);
      if (query.incoming) for (const link of state.incomingAt(at)) if (admit(link.fromIx, d)) next.push(link.fromIx);
    }
    frontier = next;
  }
  return { hops, shown, truncated };
}

/**
 * Distinct open ancestors per node of an ancestor-closed graph (as in dependency.analysis.ts): one
 * bit set per node in topological order, the union of its predecessors' sets plus the open
 * predecessors themselves, dropped once its last successor has read it. Counts only the first
 * `counted` nodes (the returned ones); a set no successor reads is never built.
 */
function openAncestorCounts(open: readonly boolean[], pred: readonly number[][], counted: number): Int32Array {
  const n = open.length;
  const waiting = new Int32Array(n);
  const unread = new Int32Array(n);
  const succ: number[][] = open.map(() => []);
  pred.forEach((ps, v) => {
    waiting[v] = ps.length;
    for (const p of ps) {
      succ[p].push(v);
      unread[p]++;
    }
  });
  const order: number[] = [];
  for (let v = 0; v < n; v++) if (waiting[v] === 0) order.push(v);
  for (let head = 0; head < order.length; head++) for (const s of succ[order[head]]) if (--waiting[s] === 0) order.push(s);
  if (order.length < n) throw new Error('Ordering links form a cycle among the items of a dependency view');

  // Ancestors are connected to their node, so each weakly connected component numbers its own open
  // items: a set is as wide as its component's open items, not the whole closure's (a backlog of
  // epics has many small components; one backlog-wide component costs what one numbering would).
  const root = new Int32Array(n);
  for (let v = 0; v < n; v++) root[v] = v;
  const find = (v: number): number => {
    while (root[v] !== v) v = root[v] = root[root[v]];
    return v;
  };
  pred.forEach((ps, v) => {
    for (const p of ps) root[find(p)] = find(v);
  });
  const bitOf = new Int32Array(n).fill(-1);
  const widthOf = new Int32Array(n);
  for (let v = 0; v < n; v++) if (open[v]) bitOf[v] = widthOf[find(v)]++;
  const passOn: (ItemBits | null)[] = new Array<ItemBits | null>(n).fill(null);
  const counts = new Int32Array(n);
  for (const v of order) {
    // The union of the predecessors' sets; the only non-empty one is shared, not copied (sets handed on are never changed).
    let shared: ItemBits | null = null;
    let owned: ItemBits | null = null;
    for (const p of pred[v]) {
      const set = passOn[p];
      if (set === null || set === shared) continue;
      if (shared === null) {
        shared = set;
        continue;
      }
      owned ??= shared.slice();
      for (let i = 0; i < set.length; i++) owned[i] |= set[i];
    }
    if (v < counted) counts[v] = sizeOf(owned ?? shared);
    for (const p of pred[v]) if (--unread[p] === 0) passOn[p] = null;
    if (unread[v] === 0) continue;
    if (!open[v]) passOn[v] = owned ?? shared;
    else {
      const mine = owned ?? (shared ? shared.slice() : new Uint32Array(Math.ceil(widthOf[find(v)] / 32)));
      mine[bitOf[v] >>> 5] |= 1 << (bitOf[v] & 31);
      passOn[v] = mine;
    }
  }
  return counts;
}

/** Per pair of tracks: returned open items with an open direct blocker (returned or not) on the other track. */
function trackWaits(ids: readonly string[], nodeStates: ReadonlyMap<string, NodeDependencyState>, refs: ReadonlyMap<string, { track: Track; state: ItemState }>) {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const node = refs.get(id);
    if (!node || !isOpen(node.state)) continue;
    const on = new Set<Track>();
    for (const b of nodeStates.get(id)?.directBlockers ?? []) {
      const track = refs.get(b)?.track;
      if (track !== undefined && track !== node.track) on.add(track);
    }
    for (const track of on) counts.set(`${node.track}:${track}`, (counts.get(`${node.track}:${track}`) ?? 0) + 1);
  }
  const waits: Array<{ waitingTrack: Track; onTrack: Track; items: number }> = [];
  for (const waitingTrack of TRACKS) {
    for (const onTrack of TRACKS) {
      const items = counts.get(`${waitingTrack}:${onTrack}`);
      if (items) waits.push({ waitingTrack, onTrack, items });
    }
  }
  return waits;
}
