import { TRACKS, type ItemState, type LinkType, type Track } from './backlog.vocabulary';
import { isOpen } from './item-state.machine';
import { bitsWith, sizeOf, unionOf, type ItemBits } from './item-set.bitset';
import { ordersWork } from './link-type.catalog';

export interface DependencyNodeInput {
  id: string;
  track: Track;
  state: ItemState;
  /** Usually estimateWeight(...): a finite number >= 0. */
  weight: number;
}

export interface DependencyEdgeInput {
  from: string;
  to: string;
  type: LinkType;
}

export interface NodeDependencyState {
  id: string;
  /** No open direct ordering predecessor: the item can be worked on now. */
  ready: boolean;
  /** Open direct ordering predecessors, sorted by id. */
  directBlockers: string[];
  /** Distinct open items among all ordering ancestors (walking through done items too). */
  transitiveBlockerCount: number;
}

/** "Items of waitingTrack wait on onTrack": open items with an open direct predecessor on that track. */
export interface TrackWait {
  waitingTrack: Track;
  onTrack: Track;
  items: number;
}

export interface DependencyAnalysis {
  nodes: Map<string, NodeDependencyState>;
  /** The heaviest chain of open items along ordering links; ties go to the smallest id sequence. */
  criticalPath: string[];
  criticalPathWeight: number;
  trackWaits: TrackWait[];
}

/**
 * Ordering edges between the given nodes, by position. A pair ordered twice (BLOCKS and INSTRUMENTS)
 * keeps both entries: every step below tolerates repeats, and a set of pairs would cost more than
 * the rest of the analysis on a 2,000-item neighbourhood.
 */
function orderingAdjacency(index: ReadonlyMap<string, number>, edges: readonly DependencyEdgeInput[]) {
  const succ: number[][] = Array.from({ length: index.size }, () => []);
  const pred: number[][] = Array.from({ length: index.size }, () => []);
  for (const edge of edges) {
    if (!ordersWork(edge.type)) continue;
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    // The caller passes the closure it wants; links leaving it are not part of this view.
    if (from === undefined || to === undefined) continue;
    succ[from].push(to);
    pred[to].push(from);
  }
  return { succ, pred };
}

/** Kahn's algorithm; the service refuses cycles, so one here is a bug worth failing loudly on. */
function topologicalOrder(nodes: readonly DependencyNodeInput[], succ: number[][], pred: number[][]): number[] {
  const waiting = pred.map((p) => p.length);
  const order: number[] = [];
  for (let i = 0; i < waiting.length; i++) if (waiting[i] === 0) order.push(i);
  for (let head = 0; head < order.length; head++) {
    for (const s of succ[order[head]]) if (--waiting[s] === 0) order.push(s);
  }
  if (order.length < nodes.length) {
    const stuck = nodes.filter((_, i) => waiting[i] > 0).map((node) => node.id);
    throw new Error(`Ordering links form a cycle; items on or behind it: ${stuck.slice(0, 20).join(', ')}`);
  }
  return order;
}

/**
 * Open ancestors per node: one ancestor set per node in topological order, each the union of its
 * predecessors' sets plus the open predecessors themselves. A set is dropped as soon as its last
 * successor has read it, so memory follows the width of the graph, not its size.
 */
function openAncestorCounts(open: readonly boolean[], order: readonly number[], succ: number[][], pred: number[][]): number[] {
  const bitOf: number[] = [];
  let width = 0;
  for (const isOpenNode of open) bitOf.push(isOpenNode ? width++ : -1);
  const passOn: (ItemBits | null)[] = open.map(() => null);
  const unread = succ.map((s) => s.length);
  const counts: number[] = open.map(() => 0);
  for (const v of order) {
    const ancestors = unionOf(pred[v].map((p) => passOn[p]));
    counts[v] = sizeOf(ancestors);
    for (const p of pred[v]) if (--unread[p] === 0) passOn[p] = null;
    if (unread[v] > 0) passOn[v] = open[v] ? bitsWith(ancestors, width, bitOf[v]) : ancestors;
  }
  return counts;
}

/**
 * The heaviest chain of open items. Dynamic programming backwards over the topological order: the
 * best chain starting at v is v alone or v followed by the best chain of one open successor. Ties
 * pick the smallest next id (chains from different successors differ first there) and prefer
 * stopping (a chain is smaller than its own extensions), which yields the lexicographically
 * smallest id sequence among the heaviest chains. Ids compare by UTF-16 code units (JS `<`).
 */
function criticalChain(nodes: readonly DependencyNodeInput[], open: readonly boolean[], order: readonly number[], succ: number[][]) {
  const best = new Float64Array(nodes.length);
  const next = new Int32Array(nodes.length).fill(-1);
  let start = -1;
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k];
    if (!open[v]) continue;
    best[v] = nodes[v].weight;
    for (const s of succ[v]) {
      if (!open[s]) continue;
      const weight = nodes[v].weight + best[s];
      if (weight > best[v] || (weight === best[v] && next[v] !== -1 && nodes[s].id < nodes[next[v]].id)) {
        best[v] = weight;
        next[v] = s;
      }
    }
    if (start === -1 || best[v] > best[start] || (best[v] === best[start] && nodes[v].id < nodes[start].id)) start = v;
  }
  const path: string[] = [];
  for (let v = start; v !== -1; v = next[v]) path.push(nodes[v].id);
  return { path, weight: start === -1 ? 0 : best[start] };
}

function trackWaits(nodes: readonly DependencyNodeInput[], open: readonly boolean[], pred: number[][]): TrackWait[] {
  const counts = new Map<string, number>();
  nodes.forEach((node, v) => {
    if (!open[v]) return;
    const onTracks = new Set<Track>();
    for (const p of pred[v]) if (open[p] && nodes[p].track !== node.track) onTracks.add(nodes[p].track);
    for (const onTrack of onTracks) counts.set(`${node.track}:${onTrack}`, (counts.get(`${node.track}:${onTrack}`) ?? 0) + 1);
  });
  const waits: TrackWait[] = [];
  for (const waitingTrack of TRACKS) {
    for (const onTrack of TRACKS) {
      const items = counts.get(`${waitingTrack}:${onTrack}`);
      if (items) waits.push({ waitingTrack, onTrack, items });
    }
  }
  return waits;
}

/**
 * The dependency view of a set of items: readiness, blockers, the critical path and how many items
 * of one track wait on another. Only ordering links count; a predecessor blocks while it is open.
 * Linear in nodes + edges except the ancestor counts, which cost (nodes + edges) × open / 32 word
 * operations: exact distinct-ancestor counts are a transitive closure, and bit sets keep it small.
 */
export function analyseDependencies(nodes: readonly DependencyNodeInput[], edges: readonly DependencyEdgeInput[]): DependencyAnalysis {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (index.has(node.id)) throw new Error(`Item ${node.id} is listed twice.`);
    if (!Number.isFinite(node.weight) || node.weight < 0) throw new Error(`Item ${node.id} has weight ${node.weight}; weights are finite and >= 0.`);
    index.set(node.id, i);
  });
  const { succ, pred } = orderingAdjacency(index, edges);
  const order = topologicalOrder(nodes, succ, pred);
  const open = nodes.map((node) => isOpen(node.state));
  const ancestorCounts = openAncestorCounts(open, order, succ, pred);

  const states = new Map<string, NodeDependencyState>();
  nodes.forEach((node, v) => {
    const directBlockers = [...new Set(pred[v].filter((p) => open[p]).map((p) => nodes[p].id))].sort();
    states.set(node.id, { id: node.id, ready: directBlockers.length === 0, directBlockers, transitiveBlockerCount: ancestorCounts[v] });
  });
  const critical = criticalChain(nodes, open, order, succ);
  return { nodes: states, criticalPath: critical.path, criticalPathWeight: critical.weight, trackWaits: trackWaits(nodes, open, pred) };
}
