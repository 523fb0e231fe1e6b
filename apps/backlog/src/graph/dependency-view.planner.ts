import type { BacklogGraphReply } from '@fulcrum/contracts';
import { ITEM_KINDS, ITEM_STATES, LINK_TYPES, TRACKS } from '../domain/backlog.vocabulary';
import { ordersWork } from '../domain/link-type.catalog';
import type { IndexedLink, ProjectGraphState } from './project-graph.state';

export interface ViewQuery {
  starts: readonly string[];
  depth: number;
  limit: number;
  outgoing: boolean;
  incoming: boolean;
}

/** What the plan's enum columns index: the backlog's full lists (the reply carries them, so the other end depends on no order). */
export const VIEW_VOCABULARY: BacklogGraphReply['vocabulary'] = {
  tracks: [...TRACKS],
  kinds: [...ITEM_KINDS],
  states: [...ITEM_STATES],
  linkTypes: [...LINK_TYPES],
  linkTypeOrdersWork: LINK_TYPES.map(ordersWork),
};
const codeOf = <T extends string>(list: readonly T[]): ReadonlyMap<T, number> => new Map(list.map((value, index) => [value, index]));
const TRACK_CODES = codeOf(TRACKS);
const KIND_CODES = codeOf(ITEM_KINDS);
const STATE_CODES = codeOf(ITEM_STATES);
const LINK_TYPE_CODES = codeOf(LINK_TYPES);

/**
 * The dependency view computed from a project's state: everything the reply carries but the display
 * fields the database keeps (titles, owners), in the reply's columns (BacklogGraphReply), read from
 * the state in one synchronous step. It keeps no reference into anything the state changes later.
 */
export interface DependencyViewPlan {
  /** A start the project does not have (the caller refuses it once the state is known to be current); the view is then empty. */
  missingStart: string | null;
  truncated: boolean;
  /** The returned items (nearest first), then the open direct blockers not returned. */
  items: BacklogGraphReply['items'];
  /** Per returned item; readiness, blockers and open-ancestor counts over ALL ordering ancestors, returned or not. */
  nodes: Omit<BacklogGraphReply['nodes'], 'titles' | 'ownerCounts' | 'owners'>;
  /** Live links of every type between returned items, oldest first (created, then id: the state's `seq`). */
  edges: BacklogGraphReply['edges'];
  criticalPath: BacklogGraphReply['criticalPath'];
  trackWaits: BacklogGraphReply['trackWaits'];
}

/**
 * The dependency view in memory: breadth first over live links of every type (nearest first, up to
 * the depth and the node limit); readiness, direct blockers and open-ancestor counts over the
 * returned items plus ALL their ordering ancestors (a blocker outside the view still blocks); the
 * critical path over the returned items alone (the rules of `analyseDependencies`, which a property
 * test holds it to); the track waits. Everything runs over item positions, flat typed arrays and
 * column arrays: on a neighbourhood of 2,000 items with 10,000 ancestors, objects per node and
 * per edge cost more in allocation and garbage collection than the analysis itself.
 */
export function planDependencyView(state: ProjectGraphState, query: ViewQuery): DependencyViewPlan {
  let missingStart: string | null = null;
  const starts: number[] = [];
  for (const id of query.starts) {
    const at = state.positionOf(id);
    if (at === undefined) missingStart ??= id;
    else starts.push(at);
  }
  const scratch = scratchFor(state.itemCount);
  const { hops, local } = scratch;
  const shown: number[] = [];
  const closure: number[] = [];
  try {
    const truncated = neighbourhood(state, missingStart === null ? starts : [], query, hops, shown);
    const n = shown.length;
    // Local numbering: returned items first (0 … n - 1), then their ordering ancestors, in the order
    // a breadth-first walk up the ordering links meets them; the walk lists each one's predecessors.
    for (const at of shown) {
      local[at] = closure.length;
      closure.push(at);
    }
    const preds = new GrowingInts(4 * closure.length);
    const predStart: number[] = [0];
    for (let i = 0; i < closure.length; i++) {
      for (const p of state.orderingPredecessorsAt(closure[i])) {
        if (local[p] === -1) {
          local[p] = closure.length;
          closure.push(p);
        }
        preds.push(local[p]);
      }
      predStart.push(preds.length);
    }
    const graph = orderingGraph(Int32Array.from(predStart), preds.view());
    const open = new Uint8Array(closure.length);
    for (let v = 0; v < closure.length; v++) open[v] = state.isOpenAt(closure[v]) ? 1 : 0;
    const counts = openAncestorCounts(graph, open, n);

    const items = { ids: new Array<string>(n), numbers: new Array<number>(n) };
    const nodes: DependencyViewPlan['nodes'] = {
      count: n,
      tracks: new Array(n),
      kinds: new Array(n),
      states: new Array(n),
      estimates: new Array(n),
      distances: new Array(n),
      blockerCounts: new Array(n),
      blockers: [],
      transitiveBlockerCounts: new Array(n),
    };
    const weights = new Float64Array(n);
    for (let v = 0; v < n; v++) {
      const item = state.at(shown[v]);
      items.ids[v] = item.id;
      items.numbers[v] = item.number;
      nodes.tracks[v] = TRACK_CODES.get(item.track) as number;
      nodes.kinds[v] = KIND_CODES.get(item.kind) as number;
      nodes.states[v] = STATE_CODES.get(item.state) as number;
      nodes.estimates[v] = item.estimate;
      nodes.distances[v] = hops[shown[v]];
      nodes.transitiveBlockerCounts[v] = counts[v];
      weights[v] = state.weightOf(item);
    }

    // Direct blockers: distinct open direct ordering predecessors, by id. One not returned is named
    // after the returned items in `items`.
    const extra = new Map<number, number>();
    const waits = new Int32Array(TRACKS.length * TRACKS.length);
    const found: number[] = [];
    for (let v = 0; v < n; v++) {
      found.length = 0;
      for (let k = graph.predStart[v]; k < graph.predStart[v + 1]; k++) if (open[graph.pred[k]] === 1 && !found.includes(graph.pred[k])) found.push(graph.pred[k]);
      if (found.length > 1) found.sort((a, b) => compareIds(state.at(closure[a]).id, state.at(closure[b]).id));
      nodes.blockerCounts[v] = found.length;
      let onTracks = 0;
      for (const p of found) {
        // p is a local number: below n a returned item, else an ancestor named after them.
        let index = p < n ? p : extra.get(p);
        const blocker = state.at(closure[p]);
        if (index === undefined) {
          index = items.ids.length;
          extra.set(p, index);
          items.ids.push(blocker.id);
          items.numbers.push(blocker.number);
        }
        nodes.blockers.push(index);
        onTracks |= 1 << (TRACK_CODES.get(blocker.track) as number);
      }
      // Track waits: a returned open item per other track it has an open direct blocker on.
      if (open[v] === 0) continue;
      const own = nodes.tracks[v];
      for (let t = 0; t < TRACKS.length; t++) if (t !== own && onTracks & (1 << t)) waits[own * TRACKS.length + t]++;
    }
    const trackWaits: DependencyViewPlan['trackWaits'] = [];
    TRACKS.forEach((waitingTrack, w) =>
      TRACKS.forEach((onTrack, t) => {
        const count = waits[w * TRACKS.length + t];
        if (count > 0) trackWaits.push({ waitingTrack, onTrack, items: count });
      }),
    );

    const edges = linksAmong(state, shown, hops, local);
    const critical = criticalChain(graph, open, n, weights, items.ids);
    return { missingStart, truncated, items, nodes, edges, criticalPath: { items: critical.path, totalWeight: critical.weight }, trackWaits };
  } finally {
    // The scratch arrays go back as they came: -1 everywhere.
    for (const at of shown) hops[at] = -1;
    for (const at of closure) local[at] = -1;
  }
}

/** Breadth first from the start positions into `shown`, writing each one's distance into `hops`; whether the limit cut it short. */
function neighbourhood(state: ProjectGraphState, starts: readonly number[], query: ViewQuery, hops: Int32Array, shown: number[]): boolean {
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
  return truncated;
}

/** The ordering edges among the closure in local numbers, both ways (compressed rows), and a topological order. */
interface LocalGraph {
  size: number;
  predStart: Int32Array;
  pred: Int32Array;
  succStart: Int32Array;
  succ: Int32Array;
  order: Int32Array;
}

/** The successors from the predecessors (one entry per live ordering link: a pair ordered by two types twice, which every step below tolerates), and a topological order. */
function orderingGraph(predStart: Int32Array, pred: Int32Array): LocalGraph {
  const m = predStart.length - 1;
  const succStart = new Int32Array(m + 1);
  for (let k = 0; k < pred.length; k++) succStart[pred[k] + 1]++;
  for (let v = 0; v < m; v++) succStart[v + 1] += succStart[v];
  const succ = new Int32Array(pred.length);
  const fill = succStart.slice(0, m);
  for (let v = 0; v < m; v++) for (let k = predStart[v]; k < predStart[v + 1]; k++) succ[fill[pred[k]]++] = v;
  // Kahn's algorithm; the service refuses cycles, so one here is a bug worth failing loudly on.
  const waiting = new Int32Array(m);
  const order = new Int32Array(m);
  let tail = 0;
  for (let v = 0; v < m; v++) {
    waiting[v] = predStart[v + 1] - predStart[v];
    if (waiting[v] === 0) order[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const v = order[head];
    for (let k = succStart[v]; k < succStart[v + 1]; k++) if (--waiting[succ[k]] === 0) order[tail++] = succ[k];
  }
  if (tail < m) throw new Error('Ordering links form a cycle among the items of a dependency view');
  return { size: m, predStart, pred, succStart, succ, order };
}

/**
 * Distinct open ancestors of each of the first `counted` nodes of an ancestor-closed graph: one bit
 * set per node in topological order, the union of its predecessors' sets plus the open
 * predecessors themselves, freed once its last successor has read it. Ancestors are connected to
 * their node, so each weakly connected component numbers its own open items and its sets are as
 * wide as that (a backlog of epics has many small components; one backlog-wide component costs
 * what one numbering would). The sets live in one reused word arena with a free list per width.
 */
function openAncestorCounts(graph: LocalGraph, open: Uint8Array, counted: number): Int32Array {
  const { size: m, predStart, pred, succStart, order } = graph;
  const root = new Int32Array(m);
  for (let v = 0; v < m; v++) root[v] = v;
  const find = (v: number): number => {
    while (root[v] !== v) v = root[v] = root[root[v]];
    return v;
  };
  for (let v = 0; v < m; v++) for (let k = predStart[v]; k < predStart[v + 1]; k++) root[find(pred[k])] = find(v);
  const bitOf = new Int32Array(m);
  const width = new Int32Array(m);
  for (let v = 0; v < m; v++) if (open[v]) bitOf[v] = width[find(v)]++;

  const counts = new Int32Array(counted);
  const unread = new Int32Array(m);
  for (let v = 0; v < m; v++) unread[v] = succStart[v + 1] - succStart[v];
  const slot = new Int32Array(m);
  const arena = new WordArena();
  for (let i = 0; i < m; i++) {
    const v = order[i];
    const words = (width[find(v)] + 31) >>> 5;
    // A component without open items: every set in it is empty.
    if (words === 0) continue;
    const mine = arena.take(words);
    const words32 = arena.words;
    for (let k = predStart[v]; k < predStart[v + 1]; k++) {
      const from = slot[pred[k]];
      for (let w = 0; w < words; w++) words32[mine + w] |= words32[from + w];
    }
    if (v < counted) counts[v] = popCount(words32, mine, words);
    for (let k = predStart[v]; k < predStart[v + 1]; k++) if (--unread[pred[k]] === 0) arena.give(slot[pred[k]], words);
    if (unread[v] === 0) {
      arena.give(mine, words);
      continue;
    }
    if (open[v]) words32[mine + (bitOf[v] >>> 5)] |= 1 << (bitOf[v] & 31);
    slot[v] = mine;
  }
  return counts;
}

/** An append-only list of 32-bit integers in one typed array (no boxed numbers, no per-entry garbage). */
class GrowingInts {
  private data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Fixed-width bit sets as offsets into one growing word array (reused across views), freed sets kept per width. */
class WordArena {
  private static shared = new Uint32Array(1 << 16);
  words: Uint32Array = WordArena.shared;
  private top = 0;
  private readonly free = new Map<number, number[]>();

  /** A zeroed set of `n` words. */
  take(n: number): number {
    const reused = this.free.get(n)?.pop();
    if (reused !== undefined) {
      this.words.fill(0, reused, reused + n);
      return reused;
    }
    if (this.top + n > this.words.length) {
      const grown = new Uint32Array(Math.max(this.words.length * 2, this.top + n));
      grown.set(this.words.subarray(0, this.top));
      this.words = WordArena.shared = grown;
    }
    const at = this.top;
    this.top += n;
    this.words.fill(0, at, at + n);
    return at;
  }

  give(at: number, n: number): void {
    const list = this.free.get(n);
    if (list) list.push(at);
    else this.free.set(n, [at]);
  }
}

function popCount(words: Uint32Array, at: number, n: number): number {
  let count = 0;
  for (let i = at; i < at + n; i++) {
    // Hamming weight of one 32-bit word (SWAR).
    let w = words[i];
    w -= (w >>> 1) & 0x55555555;
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    count += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}

/**
 * The heaviest chain of open returned items (local numbers below `n`) along ordering links, as
 * `analyseDependencies` defines it: dynamic programming backwards over the topological order, the
 * best chain from v being v alone or v followed by the best chain of one open successor; ties pick
 * the smallest next id and prefer stopping, which yields the lexicographically smallest id
 * sequence among the heaviest chains.
 */
function criticalChain(graph: LocalGraph, open: Uint8Array, n: number, weights: Float64Array, ids: readonly string[]): { path: number[]; weight: number } {
  const { succStart, succ, order } = graph;
  const best = new Float64Array(n);
  const next = new Int32Array(n).fill(-1);
  let start = -1;
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k];
    if (v >= n || !open[v]) continue;
    best[v] = weights[v];
    for (let j = succStart[v]; j < succStart[v + 1]; j++) {
      const s = succ[j];
      if (s >= n || !open[s]) continue;
      const weight = weights[v] + best[s];
      if (weight > best[v] || (weight === best[v] && next[v] !== -1 && ids[s] < ids[next[v]])) {
        best[v] = weight;
        next[v] = s;
      }
    }
    if (start === -1 || best[v] > best[start] || (best[v] === best[start] && ids[v] < ids[start])) start = v;
  }
  const path: number[] = [];
  for (let v = start; v !== -1; v = next[v]) path.push(v);
  return { path, weight: start === -1 ? 0 : best[start] };
}

/** Live links of every type between returned items, in creation order (the state numbers links as created). */
function linksAmong(state: ProjectGraphState, shown: readonly number[], hops: Int32Array, local: Int32Array): DependencyViewPlan['edges'] {
  const among: IndexedLink[] = [];
  for (const at of shown) for (const link of state.outgoingAt(at)) if (hops[link.toIx] !== -1) among.push(link);
  among.sort((a, b) => a.seq - b.seq);
  const edges: DependencyViewPlan['edges'] = { linkIds: new Array(among.length), from: new Array(among.length), to: new Array(among.length), types: new Array(among.length) };
  among.forEach((link, e) => {
    edges.linkIds[e] = link.id;
    edges.from[e] = local[link.fromIx];
    edges.to[e] = local[link.toIx];
    edges.types[e] = LINK_TYPE_CODES.get(link.type) as number;
  });
  return edges;
}

/** Per-position scratch arrays shared by every view (a view runs in one synchronous step): -1 everywhere between views. */
let scratch = { hops: new Int32Array(0), local: new Int32Array(0) };

function scratchFor(items: number): typeof scratch {
  if (scratch.hops.length < items) {
    const size = Math.max(items, scratch.hops.length * 2, 1024);
    scratch = { hops: new Int32Array(size).fill(-1), local: new Int32Array(size).fill(-1) };
  }
  return scratch;
}

/** Ids compare by UTF-16 code units (JS `<`), as `analyseDependencies` and the directBlockers' sort do. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
